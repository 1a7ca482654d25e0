package org.stripwatch.app.output;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A small streaming JSON writer for flat, known-shape records (RFC 8259). Output records are
 * written field by field into one reused builder: no maps, no reflection, no intermediate tree.
 */
public final class JsonWriter {
    private final StringBuilder sb = new StringBuilder(512);
    private boolean needComma;

    public JsonWriter beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    public JsonWriter beginArray(String name) {
        name(name);
        sb.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    public JsonWriter endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    public JsonWriter beginObject(String name) {
        name(name);
        sb.append('{');
        needComma = false;
        return this;
    }

    public JsonWriter field(String name, String value) {
        name(name);
        if (value == null) sb.append("null");
        else string(value);
        needComma = true;
        return this;
    }

    public JsonWriter field(String name, long value) {
        name(name);
        sb.append(value);
        needComma = true;
        return this;
    }

    public JsonWriter field(String name, boolean value) {
        name(name);
        sb.append(value);
        needComma = true;
        return this;
    }

    /** A duration or rate as a decimal with a fixed number of fractional digits. */
    public JsonWriter fieldSeconds(String name, long nanos) {
        name(name);
        if (nanos < 0) {
            sb.append('-');
            nanos = -nanos;
        }
        sb.append(nanos / 1_000_000_000L).append('.');
        String frac = Long.toString(nanos % 1_000_000_000L);
        sb.append("000000000", 0, 9 - frac.length()).append(frac);
        needComma = true;
        return this;
    }

    /** An instant as RFC 3339 / ISO-8601 UTC text. */
    public JsonWriter fieldTime(String name, long epochNanos) {
        return field(name, formatTime(epochNanos));
    }

    public JsonWriter value(String value) {
        comma();
        string(value);
        needComma = true;
        return this;
    }

    public JsonWriter value(long value) {
        comma();
        sb.append(value);
        needComma = true;
        return this;
    }

    public static String formatTime(long epochNanos) {
        return DateTimeFormatter.ISO_INSTANT.format(
                Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)));
    }

    private void name(String name) {
        comma();
        string(name);
        sb.append(':');
    }

    private void comma() {
        if (needComma) sb.append(',');
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Returns the finished text and resets for the next record. */
    public String take() {
        String s = sb.toString();
        sb.setLength(0);
        needComma = false;
        return s;
    }
}
