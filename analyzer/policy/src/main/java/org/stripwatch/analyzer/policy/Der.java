package org.stripwatch.analyzer.policy;

import java.util.Arrays;

/**
 * Minimal DER reader for the one thing DANE selector SPKI(1) needs: the exact bytes of a
 * certificate's SubjectPublicKeyInfo (RFC 6698 §2.1.2, RFC 5280 §4.1). The slice is taken from the
 * bytes the server sent rather than re-encoded, so the digest is the one the zone publisher
 * computed. Never throws on malformed input; returns null instead.
 */
final class Der {
    private Der() {
    }

    /** The SubjectPublicKeyInfo bytes of an X.509 certificate, or null if the DER does not parse that far. */
    static byte[] subjectPublicKeyInfo(byte[] cert) {
        if (cert == null) return null;
        long outer = header(cert, 0, cert.length);
        if (outer < 0 || tag(outer) != 0x30) return null;
        int tbsStart = contentStart(outer);
        long tbs = header(cert, tbsStart, end(outer));
        if (tbs < 0 || tag(tbs) != 0x30) return null;
        int pos = contentStart(tbs);
        int tbsEnd = end(tbs);
        long el = header(cert, pos, tbsEnd);
        if (el >= 0 && tag(el) == 0xA0) pos = end(el); // [0] EXPLICIT version
        for (int i = 0; i < 5; i++) { // serialNumber, signature, issuer, validity, subject
            el = header(cert, pos, tbsEnd);
            if (el < 0) return null;
            pos = end(el);
        }
        el = header(cert, pos, tbsEnd);
        if (el < 0 || tag(el) != 0x30) return null;
        return Arrays.copyOfRange(cert, pos, end(el));
    }

    // A header is packed into a non-negative long: header length (bits 56..59) | tag (48..55) | start offset (24..47) | content length (0..23)
    // Certificates above 16 MiB are rejected, far above any TLS certificate message (RFC 8446 §4.4.2 caps at 2^24-1).
    private static long header(byte[] b, int off, int limit) {
        if (limit > b.length || off < 0 || off + 2 > limit) return -1;
        int tag = b[off] & 0xff;
        if ((tag & 0x1f) == 0x1f) return -1; // high tag numbers do not occur in these positions
        int first = b[off + 1] & 0xff;
        int hlen = 2;
        long len;
        if (first < 0x80) {
            len = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 3 || off + 2 + n > limit) return -1; // indefinite length is not DER (X.690 §10.1)
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (b[off + 2 + i] & 0xff);
            hlen += n;
        }
        if (off + hlen + len > limit || off >= (1 << 24)) return -1;
        return ((long) hlen << 56) | ((long) tag << 48) | ((long) off << 24) | len;
    }

    private static int tag(long h) {
        return (int) (h >>> 48) & 0xff;
    }

    private static int contentStart(long h) {
        return (int) ((h >>> 24) & 0xffffff) + (int) ((h >>> 56) & 0xff);
    }

    private static int end(long h) {
        return contentStart(h) + (int) (h & 0xffffff);
    }
}
