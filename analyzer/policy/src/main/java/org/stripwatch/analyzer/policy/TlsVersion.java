package org.stripwatch.analyzer.policy;

import java.util.Locale;

/** TLS protocol versions a policy can demand as a minimum, ordered from oldest to newest. */
public enum TlsVersion {
    SSL_V3("SSLv3"), TLS_1_0("TLSv1"), TLS_1_1("TLSv1.1"), TLS_1_2("TLSv1.2"), TLS_1_3("TLSv1.3");

    private final String openSslName;

    TlsVersion(String openSslName) {
        this.openSslName = openSslName;
    }

    /** The OpenSSL/Postfix spelling, e.g. {@code TLSv1.2}. */
    public String openSslName() {
        return openSslName;
    }

    /** Parses {@code TLSv1.2}, {@code TLSv1}, {@code 1.2}, {@code tls1.3} (case-insensitive); null if unknown. */
    public static TlsVersion parse(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (t.startsWith("tlsv")) t = t.substring(4);
        else if (t.startsWith("tls")) t = t.substring(3);
        switch (t) {
            case "1": case "1.0": return TLS_1_0;
            case "1.1": return TLS_1_1;
            case "1.2": return TLS_1_2;
            case "1.3": return TLS_1_3;
            case "sslv3": return SSL_V3;
            default: return null;
        }
    }
}
