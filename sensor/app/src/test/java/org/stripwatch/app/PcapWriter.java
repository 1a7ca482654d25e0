package org.stripwatch.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap (Ethernet, IPv4, TCP with correct checksums) of scripted TCP connections:
 * handshake, each side's messages with real sequence numbers and ACKs, FINs. For tests that need a
 * capture with chosen content (privacy, bad input), without a lab.
 */
final class PcapWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long micros = 1_700_000_000_000_000L;

    PcapWriter() {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
    }

    /** One TCP connection between two IPv4 documentation addresses. */
    final class Tcp {
        private final byte[] client, server;
        private final int clientPort, serverPort;
        private int cSeq = 1000, sSeq = 500_000;
        private int ipId = 1;

        Tcp(String client, int clientPort, String server, int serverPort) {
            this.client = v4(client);
            this.server = v4(server);
            this.clientPort = clientPort;
            this.serverPort = serverPort;
            packet(true, cSeq - 1, 0, 0x02, new byte[0]);
            packet(false, sSeq - 1, cSeq, 0x12, new byte[0]);
            packet(true, cSeq, sSeq, 0x10, new byte[0]);
        }

        Tcp client(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            packet(true, cSeq, sSeq, 0x18, b);
            cSeq += b.length;
            packet(false, sSeq, cSeq, 0x10, new byte[0]);
            return this;
        }

        Tcp server(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            packet(false, sSeq, cSeq, 0x18, b);
            sSeq += b.length;
            packet(true, cSeq, sSeq, 0x10, new byte[0]);
            return this;
        }

        PcapWriter fin() {
            packet(true, cSeq, sSeq, 0x11, new byte[0]);
            cSeq++;
            packet(false, sSeq, cSeq, 0x11, new byte[0]);
            sSeq++;
            packet(true, cSeq, sSeq, 0x10, new byte[0]);
            return PcapWriter.this;
        }

        private void packet(boolean fromClient, int seq, int ack, int flags, byte[] payload) {
            byte[] src = fromClient ? client : server, dst = fromClient ? server : client;
            int sp = fromClient ? clientPort : serverPort, dp = fromClient ? serverPort : clientPort;
            ByteBuffer tcp = ByteBuffer.allocate(20 + payload.length);
            tcp.putShort((short) sp).putShort((short) dp).putInt(seq).putInt(ack).put((byte) 0x50).put((byte) flags)
                    .putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(payload);
            byte[] t = tcp.array();
            ByteBuffer pseudo = ByteBuffer.allocate(12 + t.length);
            pseudo.put(src).put(dst).put((byte) 0).put((byte) 6).putShort((short) t.length).put(t);
            int sum = checksum(pseudo.array());
            t[16] = (byte) (sum >> 8);
            t[17] = (byte) sum;
            ByteBuffer ip = ByteBuffer.allocate(20 + t.length);
            ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + t.length)).putShort((short) ipId++)
                    .putShort((short) 0x4000).put((byte) (fromClient ? 64 : 52)).put((byte) 6).putShort((short) 0)
                    .put(src).put(dst);
            byte[] ipb = ip.array();
            int hs = checksum(java.util.Arrays.copyOf(ipb, 20));
            ipb[10] = (byte) (hs >> 8);
            ipb[11] = (byte) hs;
            System.arraycopy(t, 0, ipb, 20, t.length);
            ByteBuffer frame = ByteBuffer.allocate(14 + ipb.length);
            frame.put(new byte[] {2, 0, 0, 0, 0, (byte) (fromClient ? 2 : 1)})
                    .put(new byte[] {2, 0, 0, 0, 0, (byte) (fromClient ? 1 : 2)}).putShort((short) 0x0800).put(ipb);
            record(frame.array());
        }
    }

    Tcp tcp(String client, int clientPort, String server, int serverPort) {
        return new Tcp(client, clientPort, server, serverPort);
    }

    private void record(byte[] frame) {
        micros += 2_000;
        ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length)
                .putInt(frame.length);
        out.writeBytes(r.array());
        out.writeBytes(frame);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private static byte[] v4(String dotted) {
        String[] p = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) b[i] = (byte) Integer.parseInt(p[i]);
        return b;
    }

    private static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if ((b.length & 1) == 1) sum += (b[b.length - 1] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }
}
