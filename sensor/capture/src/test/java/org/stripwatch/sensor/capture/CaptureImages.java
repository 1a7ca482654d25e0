package org.stripwatch.sensor.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;

/** Test fixtures: pcap and pcapng byte images written field by field, in either byte order. */
final class CaptureImages {
    private CaptureImages() {
    }

    /** A pcap file image (draft-ietf-opsawg-pcap s4-5). */
    static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;
        private final boolean nanos;

        Pcap(ByteOrder order, boolean nanos, int snaplen, int linkTypeField) {
            this.order = order;
            this.nanos = nanos;
            ByteBuffer h = ByteBuffer.allocate(24).order(order);
            h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4)
                    .putInt(0).putInt(0).putInt(snaplen).putInt(linkTypeField);
            out.writeBytes(h.array());
        }

        /** A record with the given time in nanoseconds (truncated to microseconds in a usec file). */
        Pcap record(long timestampNanos, byte[] data, int wireLength) {
            long seconds = timestampNanos / 1_000_000_000L;
            long frac = timestampNanos % 1_000_000_000L;
            ByteBuffer h = ByteBuffer.allocate(16).order(order);
            h.putInt((int) seconds).putInt((int) (nanos ? frac : frac / 1000)).putInt(data.length).putInt(wireLength);
            out.writeBytes(h.array());
            out.writeBytes(data);
            return this;
        }

        Pcap record(long timestampNanos, byte[] data) {
            return record(timestampNanos, data, data.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A pcapng file image (draft-ietf-opsawg-pcapng s3-4); each {@link #section} sets the byte order. */
    static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order = ByteOrder.BIG_ENDIAN;

        Pcapng section(ByteOrder sectionOrder) {
            order = sectionOrder;
            ByteBuffer body = buffer(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
            return block(0x0A0D0D0A, body);
        }

        /**
         * @param tsresol if_tsresol byte, or -1 to leave the option out (default 10^-6)
         * @param tsoffset if_tsoffset seconds, or 0 to leave it out
         */
        Pcapng idb(int linkType, int snaplen, int tsresol, long tsoffset) {
            ByteBuffer body = buffer(8 + 8 + 12 + 4).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            if (tsresol >= 0) {
                body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            }
            if (tsoffset != 0) {
                body.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
            }
            body.putShort((short) 0).putShort((short) 0);
            return block(1, body);
        }

        Pcapng epb(int interfaceId, long units, byte[] data, int wireLength) {
            ByteBuffer body = buffer(20 + pad(data.length)).putInt(interfaceId).putInt((int) (units >>> 32))
                    .putInt((int) units).putInt(data.length).putInt(wireLength).put(data);
            body.position(body.capacity());
            return block(6, body);
        }

        /** Obsolete Packet Block (type 2): 16-bit interface id and drops count. */
        Pcapng pb(int interfaceId, long units, byte[] data, int wireLength) {
            ByteBuffer body = buffer(20 + pad(data.length)).putShort((short) interfaceId).putShort((short) 0)
                    .putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(wireLength)
                    .put(data);
            body.position(body.capacity());
            return block(2, body);
        }

        Pcapng spb(byte[] data, int wireLength) {
            ByteBuffer body = buffer(4 + pad(data.length)).putInt(wireLength).put(data);
            body.position(body.capacity());
            return block(3, body);
        }

        /** Any other block type with an opaque body of {@code bodyLength} bytes (multiple of 4). */
        Pcapng other(int type, int bodyLength) {
            ByteBuffer body = buffer(bodyLength);
            body.position(bodyLength);
            return block(type, body);
        }

        private Pcapng block(int type, ByteBuffer body) {
            int length = body.position() + 12;
            ByteBuffer b = buffer(length).putInt(type).putInt(length).put(body.array(), 0, body.position())
                    .putInt(length);
            out.writeBytes(b.array());
            return this;
        }

        private ByteBuffer buffer(int n) {
            return ByteBuffer.allocate(n).order(order);
        }

        private static int pad(int n) {
            return (n + 3) & ~3;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A frame whose bytes identify it: {@code n} repeated, length {@code len}. */
    static byte[] frame(int n, int len) {
        byte[] f = new byte[len];
        java.util.Arrays.fill(f, (byte) n);
        return f;
    }
}
