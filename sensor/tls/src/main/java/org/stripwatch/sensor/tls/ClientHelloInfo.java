package org.stripwatch.sensor.tls;

import java.util.List;
import java.util.Objects;

/**
 * Facts of a ClientHello (RFC 8446 §4.1.2). Lists keep wire order and include GREASE values
 * (RFC 8701); the fingerprints drop them. Lists are bounded by {@link TlsConfig#maxListItems()}.
 *
 * @param legacyVersion client_version / legacy_version, e.g. 0x0303
 * @param sessionIdLength length of legacy_session_id (0..32)
 * @param sni first host_name of server_name (RFC 6066 §3), or null if absent
 * @param alpn protocol names of application_layer_protocol_negotiation (RFC 7301 §3.1)
 * @param supportedVersions supported_versions (RFC 8446 §4.2.1), empty if absent
 * @param keyShareGroups groups of the key_share entries (RFC 8446 §4.2.8)
 * @param greaseSeen a GREASE value (RFC 8701) appears in any list
 * @param ja3 Salesforce JA3 string (SSLVersion,Ciphers,Extensions,EllipticCurves,PointFormats)
 * @param ja3Md5 MD5 hex of {@code ja3}
 * @param ja4 FoxIO JA4 (TLS client over TCP)
 * @param malformed the message did not parse to its end; the fields hold what was read
 */
public record ClientHelloInfo(
        int legacyVersion,
        int sessionIdLength,
        List<Integer> cipherSuites,
        List<Integer> compressionMethods,
        List<Integer> extensions,
        String sni,
        List<String> alpn,
        List<Integer> supportedGroups,
        List<Integer> ecPointFormats,
        List<Integer> signatureAlgorithms,
        List<Integer> supportedVersions,
        List<Integer> keyShareGroups,
        boolean greaseSeen,
        String ja3,
        String ja3Md5,
        String ja4,
        boolean malformed) {

    public ClientHelloInfo {
        cipherSuites = IntList.copyOf(cipherSuites);
        compressionMethods = IntList.copyOf(compressionMethods);
        extensions = IntList.copyOf(extensions);
        alpn = List.copyOf(alpn);
        supportedGroups = IntList.copyOf(supportedGroups);
        ecPointFormats = IntList.copyOf(ecPointFormats);
        signatureAlgorithms = IntList.copyOf(signatureAlgorithms);
        supportedVersions = IntList.copyOf(supportedVersions);
        keyShareGroups = IntList.copyOf(keyShareGroups);
        Objects.requireNonNull(ja3, "ja3");
        Objects.requireNonNull(ja3Md5, "ja3Md5");
        Objects.requireNonNull(ja4, "ja4");
    }

    /** Highest non-GREASE supported_versions entry, else legacy_version (RFC 8446 §4.2.1). */
    public int maxVersion() {
        return Fingerprints.maxVersion(legacyVersion, supportedVersions);
    }
}
