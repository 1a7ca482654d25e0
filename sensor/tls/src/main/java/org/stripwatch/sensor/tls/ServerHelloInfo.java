package org.stripwatch.sensor.tls;

import java.util.List;
import java.util.Objects;

/**
 * Facts of a ServerHello (RFC 8446 §4.1.3) or HelloRetryRequest.
 *
 * @param legacyVersion the legacy_version / server_version field
 * @param negotiatedVersion selected_version of supported_versions if present (RFC 8446 §4.2.1:
 *     it wins), else legacy_version
 * @param helloRetryRequest the random is the HelloRetryRequest constant (RFC 8446 §4.1.3)
 * @param downgradeSentinel last 8 bytes of the random are the RFC 8446 §4.1.3 downgrade marker
 *     ("DOWNGRD" + 0x01 for TLS 1.2, + 0x00 for TLS 1.1 and below); null if absent
 * @param extensions extension types in wire order
 * @param alpn selected protocol (RFC 7301 §3.1), or null
 * @param keyShareGroup group of the key_share (RFC 8446 §4.2.8), or -1
 * @param ja3s Salesforce JA3S string (SSLVersion,Cipher,Extensions)
 * @param ja3sMd5 MD5 hex of {@code ja3s}
 */
public record ServerHelloInfo(
        int legacyVersion,
        int negotiatedVersion,
        boolean helloRetryRequest,
        String downgradeSentinel,
        int sessionIdLength,
        int cipherSuite,
        int compressionMethod,
        List<Integer> extensions,
        String alpn,
        int keyShareGroup,
        String ja3s,
        String ja3sMd5,
        boolean malformed) {

    public ServerHelloInfo {
        extensions = IntList.copyOf(extensions);
        Objects.requireNonNull(ja3s, "ja3s");
        Objects.requireNonNull(ja3sMd5, "ja3sMd5");
    }

    /** "TLSv1.2"-style name of {@link #negotiatedVersion()}. */
    public String versionName() {
        return TlsNames.version(negotiatedVersion);
    }
}
