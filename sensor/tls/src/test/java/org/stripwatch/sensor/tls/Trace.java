package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

/**
 * Both directions' TLS bytes in capture order, as (direction, chunk) events, and a replayer that
 * behaves like the reassembler: it honours skip() and stopPayload(), delivers each chunk as a
 * bounded slice between canary bytes, and scribbles over the chunk after the call so a parser that
 * keeps a reference to delivered memory shows up.
 */
record Trace(List<Event> events) {
    record Event(Direction direction, byte[] bytes) {}

    Trace {
        events = List.copyOf(events);
    }

    /** Lines "C hex" / "S hex" (client / server), as extracted from a capture. */
    static Trace resource(String name) {
        try (InputStream in = Trace.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            List<Event> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                Direction d = line.charAt(0) == 'C' ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
                out.add(new Event(d, HexFormat.of().parseHex(line.substring(2).trim())));
            }
            return new Trace(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int totalBytes() {
        return events.stream().mapToInt(e -> e.bytes.length).sum();
    }

    /** The same bytes with one extra split at global byte offset {@code at}. */
    Trace splitAt(int at) {
        List<Event> out = new ArrayList<>();
        int pos = 0;
        for (Event e : events) {
            int len = e.bytes.length;
            if (at > pos && at < pos + len) {
                out.add(new Event(e.direction, Arrays.copyOfRange(e.bytes, 0, at - pos)));
                out.add(new Event(e.direction, Arrays.copyOfRange(e.bytes, at - pos, len)));
            } else {
                out.add(e);
            }
            pos += len;
        }
        return new Trace(out);
    }

    /** Every byte its own delivery. */
    Trace byteByByte() {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            for (byte b : e.bytes) {
                out.add(new Event(e.direction, new byte[] {b}));
            }
        }
        return new Trace(out);
    }

    /** Only the events of one direction, in order. */
    byte[] stream(Direction d) {
        var out = new java.io.ByteArrayOutputStream();
        events.stream().filter(e -> e.direction == d).forEach(e -> out.writeBytes(e.bytes));
        return out.toByteArray();
    }

    TlsHandshake replay() {
        return replay(TlsConfig.DEFAULTS, new TlsCounters(), TlsListener.NONE, EndReason.FIN);
    }

    TlsHandshake replay(TlsConfig config, TlsCounters counters, TlsListener listener, EndReason end) {
        FakeControl cc = new FakeControl();
        FakeControl sc = new FakeControl();
        TlsConnection conn = new TlsConnection(config, counters, listener, cc, sc);
        long ts = 1_000_000_000L;
        for (Event e : events) {
            boolean client = e.direction == Direction.CLIENT_TO_SERVER;
            deliver(client ? conn.client() : conn.server(), client ? cc : sc, e.bytes, ts);
            ts += 1000;
        }
        conn.client().onEnd(end, ts);
        conn.server().onEnd(end, ts);
        return conn.result();
    }

    static void deliver(TlsStreamParser parser, FakeControl control, byte[] chunk, long ts) {
        if (control.stopped) {
            return;
        }
        int from = (int) Math.min(control.pendingSkip, chunk.length);
        control.pendingSkip -= from;
        control.offset += from;
        int len = chunk.length - from;
        if (len == 0) {
            return;
        }
        byte[] backing = new byte[len + 16];
        Arrays.fill(backing, (byte) 0xEE);
        System.arraycopy(chunk, from, backing, 8, len);
        ByteBuf slice = Unpooled.wrappedBuffer(backing).slice(8, len);
        control.offset += len;
        parser.onData(slice, ts);
        assertEquals(0, slice.readableBytes(), "parser must consume the whole delivery");
        Arrays.fill(backing, (byte) 0x5A);
    }
}
