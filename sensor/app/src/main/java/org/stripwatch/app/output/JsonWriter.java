package org.stripwatch.app.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A small streaming JSON writer for flat, known-shape records (RFC 8259). A record is written field by field
 * straight into one reused UTF-8 byte buffer: no maps, no reflection, no intermediate tree, no String per
 * record on the way to a file (a replay renders one line per session, so this sits on the hot path: JSON
 * rendering through a StringBuilder and a Writer was 18 % of the replay thread's profile).
 */
public final class JsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@link #formatTime} writes itself. */
    private static final long MIN_FAST_SECOND = -62_167_219_200L, MAX_FAST_SECOND = 253_402_300_799L;

    private static final int NAME_SLOTS = 256;

    private byte[] buf = new byte[1024];
    private final String[] nameKeys = new String[NAME_SLOTS];
    private final byte[][] nameBytes = new byte[NAME_SLOTS][];
    private int len;
    private boolean needComma;

    public JsonWriter beginObject() {
        comma();
        put('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        put('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray(String name) {
        name(name);
        put('[');
        needComma = false;
        return this;
    }

    public JsonWriter beginArray() {
        comma();
        put('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        put(']');
        needComma = true;
        return this;
    }

    public JsonWriter beginObject(String name) {
        name(name);
        put('{');
        needComma = false;
        return this;
    }

    public JsonWriter field(String name, String value) {
        name(name);
        if (value == null) put(NULL);
        else string(value);
        needComma = true;
        return this;
    }

    public JsonWriter field(String name, long value) {
        name(name);
        number(value);
        needComma = true;
        return this;
    }

    public JsonWriter field(String name, boolean value) {
        name(name);
        put(value ? TRUE : FALSE);
        needComma = true;
        return this;
    }

    /** A duration or rate as a decimal with nine fractional digits. */
    public JsonWriter fieldSeconds(String name, long nanos) {
        name(name);
        if (nanos < 0) {
            put('-');
            nanos = -nanos;
        }
        number(nanos / 1_000_000_000L);
        put('.');
        digits(nanos % 1_000_000_000L, 9);
        needComma = true;
        return this;
    }

    /** An instant as RFC 3339 / ISO-8601 UTC text, exactly as {@link DateTimeFormatter#ISO_INSTANT} writes it. */
    public JsonWriter fieldTime(String name, long epochNanos) {
        name(name);
        put('"');
        time(Math.floorDiv(epochNanos, 1_000_000_000L), (int) Math.floorMod(epochNanos, 1_000_000_000L));
        put('"');
        needComma = true;
        return this;
    }

    /** An instant (or null) as {@link Instant#toString()} writes it: ISO_INSTANT, any year. */
    public JsonWriter fieldTime(String name, Instant instant) {
        if (instant == null) return field(name, (String) null);
        name(name);
        put('"');
        time(instant.getEpochSecond(), instant.getNano());
        put('"');
        needComma = true;
        return this;
    }

    public JsonWriter value(String value) {
        comma();
        if (value == null) put(NULL);
        else string(value);
        needComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        comma();
        number(value);
        needComma = true;
        return this;
    }

    /** {@link DateTimeFormatter#ISO_INSTANT}'s text for an instant given in nanoseconds since the epoch. */
    public static String formatTime(long epochNanos) {
        JsonWriter w = new JsonWriter();
        w.time(Math.floorDiv(epochNanos, 1_000_000_000L), (int) Math.floorMod(epochNanos, 1_000_000_000L));
        return new String(w.buf, 0, w.len, StandardCharsets.US_ASCII);
    }

    /** Returns the finished text and resets for the next record. */
    public String take() {
        String s = new String(buf, 0, len, StandardCharsets.UTF_8);
        reset();
        return s;
    }

    /** Returns the finished record and a line feed as UTF-8 bytes, and resets for the next record. */
    public byte[] takeLine() {
        put('\n');
        byte[] line = Arrays.copyOf(buf, len);
        reset();
        return line;
    }

    /** Writes the finished record and a line feed to {@code out}, and resets for the next record. */
    public void writeLine(OutputStream out) throws IOException {
        put('\n');
        out.write(buf, 0, len);
        reset();
    }

    private void reset() {
        len = 0;
        needComma = false;
    }

    // ---- ISO-8601 time ----------------------------------------------------------------------------

    private void time(long second, int nano) {
        if (second < MIN_FAST_SECOND || second > MAX_FAST_SECOND) {
            // Five-digit and negative years take ISO_INSTANT's sign rules; no capture has them, keep it exact.
            put(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(second, nano))
                    .getBytes(StandardCharsets.US_ASCII));
            return;
        }
        long days = Math.floorDiv(second, 86_400L);
        int secOfDay = (int) Math.floorMod(second, 86_400L);
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        ensure(32);
        digits(year, 4);
        put('-');
        digits(month, 2);
        put('-');
        digits(day, 2);
        put('T');
        digits(secOfDay / 3600, 2);
        put(':');
        digits(secOfDay / 60 % 60, 2);
        put(':');
        digits(secOfDay % 60, 2);
        // ISO_INSTANT prints the fraction in groups of three digits, as many as needed, none for zero.
        if (nano != 0) {
            put('.');
            if (nano % 1_000_000 == 0) digits(nano / 1_000_000, 3);
            else if (nano % 1000 == 0) digits(nano / 1000, 6);
            else digits(nano, 9);
        }
        put('Z');
    }

    // ---- strings and numbers ----------------------------------------------------------------------

    private void name(String name) {
        comma();
        // Field names are a few dozen string constants written for every record: each is encoded once
        // ("name": as UTF-8) and found again by identity in a small direct-mapped cache.
        int slot = System.identityHashCode(name) & (NAME_SLOTS - 1);
        byte[] encoded = nameKeys[slot] == name ? nameBytes[slot] : encodeName(name, slot);
        put(encoded);
    }

    private byte[] encodeName(String name, int slot) {
        int mark = len;
        string(name);
        put(':');
        byte[] encoded = Arrays.copyOfRange(buf, mark, len);
        len = mark;
        nameKeys[slot] = name;
        nameBytes[slot] = encoded;
        return encoded;
    }

    private void comma() {
        if (needComma) put(',');
    }

    /**
     * A JSON string (RFC 8259 §7): quote, backslash and C0 controls escaped, DEL and C1 controls escaped too
     * (they are invisible in a terminal and came from the wire), lone surrogates escaped rather than written
     * as invalid UTF-8; everything else as UTF-8.
     */
    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        int i = 0;
        // The common case, a plain ASCII run, needs no bounds checks: room for n bytes was made above.
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') break;
            buf[len++] = (byte) c;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                if (len == buf.length) ensure(1);
                buf[len++] = (byte) c;
                continue;
            }
            switch (c) {
                case '"' -> put('\\', '"');
                case '\\' -> put('\\', '\\');
                case '\n' -> put('\\', 'n');
                case '\r' -> put('\\', 'r');
                case '\t' -> put('\\', 't');
                default -> {
                    if (c < 0xa0) {
                        escape(c);
                    } else if (!Character.isSurrogate(c)) {
                        utf8(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        utf8(Character.toCodePoint(c, s.charAt(++i)));
                    } else {
                        escape(c);
                    }
                }
            }
        }
        put('"');
    }

    private void escape(char c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xf];
        buf[len++] = HEX[(c >> 8) & 0xf];
        buf[len++] = HEX[(c >> 4) & 0xf];
        buf[len++] = HEX[c & 0xf];
    }

    private void utf8(int cp) {
        ensure(4);
        if (cp < 0x800) {
            buf[len++] = (byte) (0xc0 | cp >> 6);
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xe0 | cp >> 12);
            buf[len++] = (byte) (0x80 | (cp >> 6 & 0x3f));
        } else {
            buf[len++] = (byte) (0xf0 | cp >> 18);
            buf[len++] = (byte) (0x80 | (cp >> 12 & 0x3f));
            buf[len++] = (byte) (0x80 | (cp >> 6 & 0x3f));
        }
        buf[len++] = (byte) (0x80 | (cp & 0x3f));
    }

    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            put(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int n = 1;
        for (long t = v; t >= 10; t /= 10) n++;
        digits(v, n);
    }

    /** {@code v} (non-negative) as exactly {@code width} decimal digits, zero-padded. */
    private void digits(long v, int width) {
        ensure(width);
        for (int i = len + width - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += width;
    }

    private void put(int b) {
        if (len == buf.length) ensure(1);
        buf[len++] = (byte) b;
    }

    private void put(int a, int b) {
        ensure(2);
        buf[len++] = (byte) a;
        buf[len++] = (byte) b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
}
