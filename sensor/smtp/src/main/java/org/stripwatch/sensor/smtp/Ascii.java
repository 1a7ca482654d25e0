package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Byte-level ASCII helpers over ByteBuf ranges: no intermediate copies. */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';

    private Ascii() {}

    static int upper(int b) {
        return b >= 'a' && b <= 'z' ? b - 32 : b;
    }

    static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    /** Compares {@code upper.length} bytes at index with the uppercase ASCII bytes, ignoring case. */
    static boolean equalsIgnoreCase(ByteBuf buf, int index, byte[] upper) {
        for (int i = 0; i < upper.length; i++) {
            if (upper(buf.getByte(index + i)) != upper[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean startsWithIgnoreCase(ByteBuf buf, int index, int length, String upperPrefix) {
        if (length < upperPrefix.length()) {
            return false;
        }
        for (int i = 0; i < upperPrefix.length(); i++) {
            if (upper(buf.getByte(index + i)) != upperPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first byte b in [from, to), or to. */
    static int indexOf(ByteBuf buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf.getByte(i) == b) {
                return i;
            }
        }
        return to;
    }

    static int skipSpaces(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && (buf.getByte(i) == SP || buf.getByte(i) == '\t')) {
            i++;
        }
        return i;
    }

    static int trimEnd(ByteBuf buf, int from, int to) {
        int i = to;
        while (i > from && (buf.getByte(i - 1) == SP || buf.getByte(i - 1) == '\t')) {
            i--;
        }
        return i;
    }

    /** At most max bytes as a String, UTF-8 decoded (malformed input becomes U+FFFD). */
    static String text(ByteBuf buf, int index, int length, int max) {
        return buf.toString(index, Math.min(length, max), StandardCharsets.UTF_8);
    }

    /** At most max bytes, lowercased ASCII. */
    static String lower(ByteBuf buf, int index, int length, int max) {
        int n = Math.min(length, max);
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            int b = buf.getByte(index + i) & 0xff;
            chars[i] = (char) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        return new String(chars);
    }

    /** Printable rendering for anomaly details: ASCII kept, other bytes as \xHH, at most max bytes. */
    static String escape(ByteBuf buf, int index, int length, int max) {
        int n = Math.min(length, max);
        StringBuilder sb = new StringBuilder(n + 8);
        for (int i = 0; i < n; i++) {
            int b = buf.getByte(index + i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        if (length > n) {
            sb.append("...");
        }
        return sb.toString();
    }
}
