import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Benchmark corpus generator: multiplies the real lab SMTP connections (captures/lab/*.pcap) into a
 * large, deterministic classic pcap for whole-pipeline benchmarks.
 *
 * <p>Each copy of a lab connection gets new documentation addresses (clients in 192.0.2.0/24,
 * 198.51.100.0/24 or 2001:db8::/32, servers in 203.0.113.0/24 or 2001:db8:ffff::/48), a new client
 * port, random initial sequence numbers per direction (consistent within the connection: every
 * sequence and acknowledgement number is shifted) and a start time drawn from a Poisson arrival
 * process, so sessions interleave with realistic concurrency. A share of sessions carries a large
 * message body (TLS application-data records or cleartext DATA lines inserted before the client's
 * first application record / end-of-data line, with the server's ACKs). Non-SMTP background a span
 * port carries is mixed in: HTTPS-like TCP on 443 and DNS-like UDP on 53. IPv4 header and TCP/UDP
 * checksums are recomputed. Same seed, same lab files: byte-identical output.
 *
 * <p>Usage: {@code java ops/bench/CorpusGen.java --lab DIR --out FILE [--size-mb 1100]
 * [--min-sessions 100000] [--seed 1] [--rate 250] [--time-scale 10]}
 */
public final class CorpusGen {
    // ---- command line -------------------------------------------------------------------------
    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path lab = Path.of(opt.getOrDefault("lab", "captures/lab"));
        Path out = Path.of(opt.getOrDefault("out", "ops/bench/work/corpus.pcap"));
        long targetBytes = Long.parseLong(opt.getOrDefault("size-mb", "1100")) << 20;
        long minSessions = Long.parseLong(opt.getOrDefault("min-sessions", "100000"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "250"));
        int timeScale = Integer.parseInt(opt.getOrDefault("time-scale", "10"));
        long t0 = System.nanoTime();
        Map<String, List<Template>> byFile = loadLab(lab);
        if (byFile.isEmpty()) throw new IllegalStateException("no lab captures in " + lab);
        CorpusGen g = new CorpusGen(byFile, seed, rate, timeScale);
        g.write(out, targetBytes, minSessions);
        System.err.printf("corpus: %s: %,d bytes, %,d packets, %,d SMTP sessions (%,d with a large body, %,d attack-scenario copies),"
                        + " %,d background flows, %.1f s of traffic, peak %d concurrent SMTP sessions; generated in %.1f s%n",
                out, g.bytes, g.packets, g.sessions, g.bodies, g.attacks, g.background, g.lastTime / 1e6,
                g.peakConcurrent, (System.nanoTime() - t0) / 1e9);
        for (Map.Entry<String, Long> e : g.perScenario.entrySet()) System.err.printf("  %-40s %,d%n", e.getKey(), e.getValue());
    }

    // ---- lab templates ------------------------------------------------------------------------
    /** One frame of a lab connection. Offsets are into {@code frame} (Ethernet). */
    static final class Pkt {
        long relMicros;
        boolean fromClient;
        byte[] frame;
        int ipOff, l4Off, payOff, payLen, version, flags;
        long relSeq, relAck; // relative to the sender's / receiver's ISN
    }

    /** One TCP connection of a lab capture. */
    static final class Template {
        String scenario;
        int version;
        List<Pkt> pkts = new ArrayList<>();
        int bodyAt = -1;       // index of the client packet before which a body can be inserted
        boolean bodyTls;       // TLS application data, else cleartext DATA lines
        int serverAckProto = -1; // index of a server pure ACK to clone
    }

    static Map<String, List<Template>> loadLab(Path dir) throws IOException {
        Map<String, List<Template>> byFile = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".pcap", "");
                List<Template> ts = parse(Files.readAllBytes(f), name);
                if (!ts.isEmpty()) byFile.put(name, ts);
            }
        }
        return byFile;
    }

    private static List<Template> parse(byte[] file, String name) {
        ByteBuffer b = ByteBuffer.wrap(file);
        int magic = b.getInt(0);
        if (magic == 0xD4C3B2A1) b.order(ByteOrder.LITTLE_ENDIAN);
        else if (magic != 0xA1B2C3D4) return List.of();
        if ((b.getInt(20) & 0xFFFF) != 1) return List.of();
        Map<String, Template> open = new HashMap<>();
        Map<Template, long[]> isn = new HashMap<>(); // clientIsn, serverIsn, t0, client set?, server set?
        List<Template> all = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= file.length) {
            long ts = (b.getInt(pos) & 0xFFFFFFFFL) * 1_000_000L + (b.getInt(pos + 4) & 0xFFFFFFFFL);
            int cap = b.getInt(pos + 8);
            if (pos + 16 + cap > file.length) break;
            byte[] frame = new byte[cap];
            System.arraycopy(file, pos + 16, frame, 0, cap);
            pos += 16 + cap;
            Pkt p = dissect(frame);
            if (p == null) continue;
            ByteBuffer fb = ByteBuffer.wrap(frame);
            String src = addr(frame, p, true) + "/" + fb.getShort(p.l4Off) ;
            String dst = addr(frame, p, false) + "/" + fb.getShort(p.l4Off + 2);
            String key = src.compareTo(dst) < 0 ? src + "|" + dst : dst + "|" + src;
            long seq = fb.getInt(p.l4Off + 4) & 0xFFFFFFFFL, ack = fb.getInt(p.l4Off + 8) & 0xFFFFFFFFL;
            boolean syn = (p.flags & 0x02) != 0, ackf = (p.flags & 0x10) != 0;
            Template t = open.get(key);
            if (t == null || (syn && !ackf && isn.get(t)[0] != seq && !t.pkts.isEmpty())) {
                t = new Template();
                t.scenario = name;
                t.version = p.version;
                open.put(key, t);
                all.add(t);
                isn.put(t, new long[] {-1, -1, ts, 0, 0});
                clientKey.put(t, syn && !ackf ? src : (fb.getShort(p.l4Off + 2) == 25 || fb.getShort(p.l4Off + 2) == 587 ? src : dst));
            }
            long[] s = isn.get(t);
            p.fromClient = clientKey.get(t).equals(src);
            p.relMicros = ts - s[2];
            // ISN = SYN's seq; without a SYN, the first seq seen minus one.
            int sIdx = p.fromClient ? 0 : 1;
            if (s[3 + sIdx] == 0) {
                s[sIdx] = syn ? seq : (seq - 1) & 0xFFFFFFFFL;
                s[3 + sIdx] = 1;
            }
            p.relSeq = (seq - s[sIdx]) & 0xFFFFFFFFL;
            p.relAck = ack; // fixed after the peer's ISN is known
            t.pkts.add(p);
        }
        for (Template t : all) {
            long[] s = isn.get(t);
            for (Pkt p : t.pkts) {
                long peerIsn = p.fromClient ? s[1] : s[0];
                p.relAck = (p.relAck - peerIsn) & 0xFFFFFFFFL;
            }
            findBodyPoint(t);
        }
        clientKey.clear();
        return all;
    }

    private static final Map<Template, String> clientKey = new HashMap<>();

    private static String addr(byte[] f, Pkt p, boolean src) {
        StringBuilder sb = new StringBuilder();
        int off = p.version == 4 ? p.ipOff + (src ? 12 : 16) : p.ipOff + (src ? 8 : 24);
        int n = p.version == 4 ? 4 : 16;
        for (int i = 0; i < n; i++) sb.append(f[off + i] & 0xFF).append('.');
        return sb.toString();
    }

    /** Ethernet (optionally one VLAN tag) + IPv4/IPv6 (no extension headers) + TCP; else null. */
    private static Pkt dissect(byte[] f) {
        if (f.length < 14) return null;
        int off = 12;
        int type = ((f[off] & 0xFF) << 8) | (f[off + 1] & 0xFF);
        off += 2;
        if (type == 0x8100) {
            type = ((f[off + 2] & 0xFF) << 8) | (f[off + 3] & 0xFF);
            off += 4;
        }
        Pkt p = new Pkt();
        p.frame = f;
        p.ipOff = off;
        int total;
        if (type == 0x0800) {
            if (f[off + 9] != 6) return null;
            p.version = 4;
            int ihl = (f[off] & 0x0F) * 4;
            total = ((f[off + 2] & 0xFF) << 8) | (f[off + 3] & 0xFF);
            if ((((f[off + 6] & 0x3F) << 8) | (f[off + 7] & 0xFF)) != 0) return null; // fragment
            p.l4Off = off + ihl;
        } else if (type == 0x86DD) {
            if (f[off + 6] != 6) return null;
            p.version = 6;
            total = 40 + (((f[off + 4] & 0xFF) << 8) | (f[off + 5] & 0xFF));
            p.l4Off = off + 40;
        } else {
            return null;
        }
        if (off + total > f.length || p.l4Off + 20 > f.length) return null;
        int doff = ((f[p.l4Off + 12] & 0xF0) >> 4) * 4;
        p.flags = f[p.l4Off + 13] & 0xFF;
        p.payOff = p.l4Off + doff;
        p.payLen = off + total - p.payOff;
        if (p.payLen < 0) return null;
        return p;
    }

    /** Where a large body can go: before the client's first TLS application record, or before "\r\n.\r\n". */
    private static void findBodyPoint(Template t) {
        boolean sawStarttls220 = false;
        for (int i = 0; i < t.pkts.size(); i++) {
            Pkt p = t.pkts.get(i);
            if (!p.fromClient && p.payLen == 0 && (p.flags & 0x17) == 0x10 && t.serverAckProto < 0) t.serverAckProto = i;
            if (!p.fromClient && p.payLen >= 4 && startsWith(p, "220 2.0.0")) sawStarttls220 = true;
            if (!p.fromClient || p.payLen == 0 || t.bodyAt >= 0) continue;
            if (sawStarttls220 && p.frame[p.payOff] == 0x17 && p.payLen >= 5) {
                t.bodyAt = i;
                t.bodyTls = true;
            } else if (!sawStarttls220 && endsWith(p, "\r\n.\r\n")) {
                t.bodyAt = i;
                t.bodyTls = false;
            }
        }
        if (t.serverAckProto < 0) t.bodyAt = -1;
    }

    private static boolean startsWith(Pkt p, String s) {
        if (p.payLen < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (p.frame[p.payOff + i] != s.charAt(i)) return false;
        return true;
    }

    private static boolean endsWith(Pkt p, String s) {
        if (p.payLen < s.length()) return false;
        int start = p.payOff + p.payLen - s.length();
        for (int i = 0; i < s.length(); i++) if (p.frame[start + i] != s.charAt(i)) return false;
        return true;
    }

    // ---- the mix ------------------------------------------------------------------------------
    /** Scenario weights (per SMTP connection copy); missing files are left out and the rest renormalised. */
    private static final Map<String, Double> WEIGHTS = new LinkedHashMap<>();
    private static final java.util.Set<String> ATTACKS = java.util.Set.of("strip", "garble", "inject454", "garblecmd",
            "ehloerror", "rst-after-clienthello", "race454", "certswap-tls12", "certswap-tls13", "certswap-enforced",
            "netem-rst", "smallmss-strip", "tlsblock");

    static {
        WEIGHTS.put("clean-tls13", 0.22);
        WEIGHTS.put("clean-tls13.server-side", 0.18);
        WEIGHTS.put("clean-tls12", 0.12);
        WEIGHTS.put("clean-tls12.server-side", 0.08);
        WEIGHTS.put("key-rollover", 0.03);
        WEIGHTS.put("key-rollover.server-side", 0.02);
        WEIGHTS.put("no-starttls", 0.06);
        WEIGHTS.put("no-starttls.server-side", 0.04);
        WEIGHTS.put("netem-clean", 0.06);
        WEIGHTS.put("netem-clean.server-side", 0.04);
        WEIGHTS.put("strip.server-side", 0.03); // offered, not used
        WEIGHTS.put("inject454.server-side", 0.02);
        WEIGHTS.put("mixed", 0.05);
        WEIGHTS.put("mixed.server-side", 0.03);
        for (String a : ATTACKS) WEIGHTS.put(a, 0.003); // ~0.3 % each, ~4 % in all
    }

    private final List<List<Template>> pools = new ArrayList<>();
    private final List<String> poolNames = new ArrayList<>();
    private final double[] cumulative;
    private final SplittableRandom rnd;
    private final double rate;
    /** Lab sessions run on a LAN in tens of milliseconds; stretching their timing (all of it, so
     * reply latency against round trip keeps its ratio) gives internet-like durations and concurrency. */
    private final int timeScale;
    final Map<String, Long> perScenario = new TreeMap<>();
    long bytes, packets, sessions, bodies, attacks, background, lastTime;
    int peakConcurrent;

    CorpusGen(Map<String, List<Template>> byFile, long seed, double rate, int timeScale) {
        this.rnd = new SplittableRandom(seed);
        this.rate = rate;
        this.timeScale = timeScale;
        List<Double> w = new ArrayList<>();
        double sum = 0;
        for (Map.Entry<String, Double> e : WEIGHTS.entrySet()) {
            List<Template> ts = byFile.get(e.getKey());
            if (ts == null) continue;
            pools.add(ts);
            poolNames.add(e.getKey());
            w.add(e.getValue());
            sum += e.getValue();
        }
        cumulative = new double[w.size()];
        double c = 0;
        for (int i = 0; i < w.size(); i++) cumulative[i] = (c += w.get(i) / sum);
    }

    private int pickPool() {
        double x = rnd.nextDouble();
        for (int i = 0; i < cumulative.length; i++) if (x < cumulative[i]) return i;
        return cumulative.length - 1;
    }

    // ---- emitting ---------------------------------------------------------------------------------
    /** A frame scheduled for output. */
    record Out(long micros, byte[] frame) {}

    /** Frames of one generated flow, in time order, emitted lazily by the merge. */
    static final class Flow {
        final List<Out> frames;
        int next;
        final boolean smtp;

        Flow(List<Out> frames, boolean smtp) {
            this.frames = frames;
            this.smtp = smtp;
        }

        long nextTime() {
            return frames.get(next).micros;
        }
    }

    private static final long EPOCH_MICROS = 1_798_761_600_000_000L; // 2027-01-01T00:00:00Z

    void write(Path out, long targetBytes, long minSessions) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        PriorityQueue<Flow> active = new PriorityQueue<>((a, b) -> Long.compare(a.nextTime(), b.nextTime()));
        ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            buf.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
            bytes = 24;
            double nextSmtp = 0, nextBg = 0;
            int smtpActive = 0;
            boolean producing = true;
            while (producing || !active.isEmpty()) {
                if (producing && (bytes >= targetBytes && sessions >= minSessions)) producing = false;
                long horizon = active.isEmpty() ? Long.MAX_VALUE : active.peek().nextTime();
                if (producing && Math.min(nextSmtp, nextBg) <= horizon) {
                    if (nextSmtp <= nextBg) {
                        active.add(new Flow(smtpCopy((long) nextSmtp), true));
                        smtpActive++;
                        peakConcurrent = Math.max(peakConcurrent, smtpActive);
                        nextSmtp += -Math.log(1 - rnd.nextDouble()) * 1e6 / rate;
                    } else {
                        active.add(new Flow(rnd.nextInt(3) == 0 ? https((long) nextBg) : dns((long) nextBg), false));
                        background++;
                        nextBg += -Math.log(1 - rnd.nextDouble()) * 1e6 / (rate * 0.4);
                    }
                    continue;
                }
                Flow f = active.poll();
                Out o = f.frames.get(f.next++);
                emit(ch, buf, o);
                if (f.next < f.frames.size()) active.add(f);
                else if (f.smtp) smtpActive--;
            }
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
        }
    }

    private void emit(FileChannel ch, ByteBuffer buf, Out o) throws IOException {
        if (buf.remaining() < 16 + o.frame.length) {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }
        long t = EPOCH_MICROS + o.micros;
        buf.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(o.frame.length).putInt(o.frame.length);
        buf.put(o.frame);
        bytes += 16 + o.frame.length;
        packets++;
        lastTime = Math.max(lastTime, o.micros);
    }

    // ---- SMTP copies ----------------------------------------------------------------------------
    private List<Out> smtpCopy(long start) {
        int pool = pickPool();
        List<Template> ts = pools.get(pool);
        Template t = ts.get(rnd.nextInt(ts.size()));
        sessions++;
        perScenario.merge(poolNames.get(pool), 1L, Long::sum);
        if (ATTACKS.contains(poolNames.get(pool))) attacks++;
        byte[] client = clientAddr(t.version), server = serverAddr(t.version);
        int clientPort = 1024 + rnd.nextInt(64512);
        long cIsn = rnd.nextLong() & 0xFFFFFFFFL, sIsn = rnd.nextLong() & 0xFFFFFFFFL;
        // A large body for ~3 % of the sessions that have a place for one: 16 KiB .. 512 KiB, log-uniform.
        long bodyBytes = 0;
        if (t.bodyAt >= 0 && rnd.nextDouble() < 0.03) {
            bodyBytes = (long) Math.exp(Math.log(16 << 10) + rnd.nextDouble() * Math.log(32));
            bodies++;
        }
        List<Out> out = new ArrayList<>(t.pkts.size() + (int) (bodyBytes / 1000));
        long shiftMicros = 0, insertedBytes = 0;
        long bodyRelSeq = t.bodyAt >= 0 ? t.pkts.get(t.bodyAt).relSeq : Long.MAX_VALUE;
        boolean afterBody = false;
        for (int i = 0; i < t.pkts.size(); i++) {
            Pkt p = t.pkts.get(i);
            if (i == t.bodyAt && bodyBytes > 0) {
                long[] r = insertBody(out, t, p, start + p.relMicros * timeScale, bodyBytes, client, server, clientPort, cIsn, sIsn);
                insertedBytes = r[0];
                shiftMicros = r[1];
                afterBody = true;
            }
            long seqShift = afterBody && p.fromClient && p.relSeq >= bodyRelSeq ? insertedBytes : 0;
            long ackShift = afterBody && !p.fromClient && p.relAck >= bodyRelSeq ? insertedBytes : 0;
            byte[] f = p.frame.clone();
            rewrite(f, p, client, server, clientPort,
                    ((p.fromClient ? cIsn : sIsn) + p.relSeq + seqShift) & 0xFFFFFFFFL,
                    ((p.fromClient ? sIsn : cIsn) + p.relAck + ackShift) & 0xFFFFFFFFL, -1);
            out.add(new Out(start + p.relMicros * timeScale + shiftMicros, f));
        }
        return out;
    }

    /** Inserts body segments (and server ACKs every second segment); returns {bytes, micros}. */
    private long[] insertBody(List<Out> out, Template t, Pkt at, long when, long want, byte[] client, byte[] server,
            int clientPort, long cIsn, long sIsn) {
        byte[] stream = bodyStream(t.bodyTls, want);
        int mss = 1448;
        long micros = 0;
        Pkt ackProto = t.pkts.get(t.serverAckProto);
        int seg = 0;
        for (int off = 0; off < stream.length; off += mss, seg++) {
            int len = Math.min(mss, stream.length - off);
            byte[] f = new byte[at.payOff + len];
            System.arraycopy(at.frame, 0, f, 0, at.payOff);
            System.arraycopy(stream, off, f, at.payOff, len);
            f[at.l4Off + 13] = 0x18; // PSH+ACK
            rewrite(f, at, client, server, clientPort, (cIsn + at.relSeq + off) & 0xFFFFFFFFL,
                    (sIsn + at.relAck) & 0xFFFFFFFFL, len);
            micros += 12; // about 1 Gbit/s
            out.add(new Out(when + micros, f));
            if ((seg & 1) == 1 || off + len >= stream.length) {
                byte[] a = ackProto.frame.clone();
                rewrite(a, ackProto, client, server, clientPort, (sIsn + at.relAck) & 0xFFFFFFFFL,
                        (cIsn + at.relSeq + off + len) & 0xFFFFFFFFL, -1);
                out.add(new Out(when + micros + 30, a));
            }
        }
        return new long[] {stream.length, micros + 40};
    }

    private static final byte[] NOISE = new byte[20000];
    private static final byte[] TEXT;

    static {
        new SplittableRandom(7).nextBytes(NOISE);
        StringBuilder sb = new StringBuilder();
        String words = "the quarterly report attached please review before friday meeting invoice shipment regards ";
        while (sb.length() < 20000) {
            StringBuilder line = new StringBuilder();
            int w = sb.length() / 7;
            while (line.length() < 70) line.append(words, w % 80, w % 80 + 8).append(' ').append(w++ % 10);
            sb.append(line).append("\r\n");
        }
        TEXT = sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** TLS 1.2/1.3 application-data records of up to 16 KiB + 17, or text lines; about {@code want} bytes. */
    private static byte[] bodyStream(boolean tls, long want) {
        int n = (int) Math.min(want, 64 << 20);
        if (!tls) {
            int lines = Math.max(1, n / 78);
            byte[] b = new byte[lines * 78];
            for (int i = 0; i < lines; i++) System.arraycopy(TEXT, (i % 200) * 78, b, i * 78, 78);
            return b;
        }
        int rec = 16401;
        int full = n / (rec + 5);
        int last = Math.max(1, n - full * (rec + 5) - 5);
        byte[] b = new byte[full * (rec + 5) + 5 + last];
        int o = 0;
        for (int r = 0; r <= full; r++) {
            int len = r < full ? rec : last;
            b[o] = 0x17;
            b[o + 1] = 3;
            b[o + 2] = 3;
            b[o + 3] = (byte) (len >> 8);
            b[o + 4] = (byte) len;
            o += 5;
            for (int k = 0; k < len; k += NOISE.length) {
                int c = Math.min(NOISE.length, len - k);
                System.arraycopy(NOISE, 0, b, o + k, c);
            }
            o += len;
        }
        return b;
    }

    private byte[] clientAddr(int version) {
        if (version == 4) {
            int r = rnd.nextInt(2 * 254);
            return r < 254 ? new byte[] {(byte) 192, 0, 2, (byte) (1 + r)} : new byte[] {(byte) 198, 51, 100, (byte) (1 + r - 254)};
        }
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[4] = (byte) rnd.nextInt(0xff); // 2001:db8:00xx:: .. never 2001:db8:ff..::
        for (int i = 8; i < 16; i++) a[i] = (byte) rnd.nextInt(256);
        return a;
    }

    private byte[] serverAddr(int version) {
        if (version == 4) return new byte[] {(byte) 203, 0, 113, (byte) (1 + rnd.nextInt(254))};
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[2] = 0x0d;
        a[3] = (byte) 0xb8;
        a[4] = (byte) 0xff;
        a[5] = (byte) 0xff;
        a[15] = (byte) (1 + rnd.nextInt(254));
        return a;
    }

    /** Writes addresses, client port, seq, ack into {@code f} (a copy of {@code p}'s frame layout) and fixes checksums. */
    private static void rewrite(byte[] f, Pkt p, byte[] client, byte[] server, int clientPort, long seq, long ack,
            int payLenOverride) {
        int payLen = payLenOverride >= 0 ? payLenOverride : p.payLen;
        byte[] src = p.fromClient ? client : server, dst = p.fromClient ? server : client;
        int l4 = p.l4Off;
        int l4Len = p.payOff - l4 + payLen;
        if (p.version == 4) {
            System.arraycopy(src, 0, f, p.ipOff + 12, 4);
            System.arraycopy(dst, 0, f, p.ipOff + 16, 4);
            int total = l4 - p.ipOff + l4Len;
            put16(f, p.ipOff + 2, total);
            put16(f, p.ipOff + 10, 0);
            put16(f, p.ipOff + 10, ~fold(sum(f, p.ipOff, l4 - p.ipOff, 0)) & 0xFFFF);
        } else {
            System.arraycopy(src, 0, f, p.ipOff + 8, 16);
            System.arraycopy(dst, 0, f, p.ipOff + 24, 16);
            put16(f, p.ipOff + 4, l4Len);
        }
        put16(f, p.fromClient ? l4 : l4 + 2, clientPort);
        put32(f, l4 + 4, seq);
        put32(f, l4 + 8, ack);
        put16(f, l4 + 16, 0);
        put16(f, l4 + 16, l4Checksum(f, p.ipOff, p.version, l4, l4Len, 6));
    }

    static int l4Checksum(byte[] f, int ipOff, int version, int l4, int l4Len, int proto) {
        long s = version == 4 ? sum(f, ipOff + 12, 8, 0) : sum(f, ipOff + 8, 32, 0);
        s += proto + l4Len;
        s = sum(f, l4, l4Len, s);
        int c = ~fold(s) & 0xFFFF;
        return c == 0 && proto == 17 ? 0xFFFF : c;
    }

    private static long sum(byte[] f, int off, int len, long s) {
        int end = off + len;
        int i = off;
        for (; i + 1 < end; i += 2) s += ((f[i] & 0xFF) << 8) | (f[i + 1] & 0xFF);
        if (i < end) s += (f[i] & 0xFF) << 8;
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    private static void put16(byte[] f, int off, int v) {
        f[off] = (byte) (v >> 8);
        f[off + 1] = (byte) v;
    }

    private static void put32(byte[] f, int off, long v) {
        f[off] = (byte) (v >> 24);
        f[off + 1] = (byte) (v >> 16);
        f[off + 2] = (byte) (v >> 8);
        f[off + 3] = (byte) v;
    }

    // ---- background ---------------------------------------------------------------------------
    private static final byte[] MAC_A = {2, 0, 0, 0, 0, 1}, MAC_B = {2, 0, 0, 0, 0, 2};

    /** Ethernet + IPv4 + TCP/UDP frame from scratch. */
    private static byte[] frame4(byte[] src, byte[] dst, int proto, int sport, int dport, long seq, long ack, int flags,
            byte[] pay, int payOff, int payLen) {
        int l4h = proto == 6 ? 20 : 8;
        byte[] f = new byte[14 + 20 + l4h + payLen];
        System.arraycopy(MAC_B, 0, f, 0, 6);
        System.arraycopy(MAC_A, 0, f, 6, 6);
        f[12] = 0x08;
        f[14] = 0x45;
        put16(f, 16, 20 + l4h + payLen);
        f[20] = 0x40; // DF
        f[22] = 64;
        f[23] = (byte) proto;
        System.arraycopy(src, 0, f, 26, 4);
        System.arraycopy(dst, 0, f, 30, 4);
        put16(f, 24, ~fold(sum(f, 14, 20, 0)) & 0xFFFF);
        int l4 = 34;
        put16(f, l4, sport);
        put16(f, l4 + 2, dport);
        if (proto == 6) {
            put32(f, l4 + 4, seq);
            put32(f, l4 + 8, ack);
            f[l4 + 12] = 0x50;
            f[l4 + 13] = (byte) flags;
            put16(f, l4 + 14, 65535);
        } else {
            put16(f, l4 + 4, 8 + payLen);
        }
        if (payLen > 0) System.arraycopy(pay, payOff, f, l4 + l4h, payLen);
        put16(f, proto == 6 ? l4 + 16 : l4 + 6, l4Checksum(f, 14, 4, l4, l4h + payLen, proto));
        return f;
    }

    /** An HTTPS-like download: handshake, a TLS-looking request, 2..200 response segments, FIN both ways. */
    private List<Out> https(long start) {
        byte[] c = clientAddr(4), s = serverAddr(4);
        int cp = 1024 + rnd.nextInt(64512);
        long ci = rnd.nextLong() & 0xFFFFFFFFL, si = rnd.nextLong() & 0xFFFFFFFFL;
        List<Out> o = new ArrayList<>();
        long t = start;
        o.add(new Out(t, frame4(c, s, 6, cp, 443, ci, 0, 0x02, null, 0, 0)));
        o.add(new Out(t += 900, frame4(s, c, 6, 443, cp, si, ci + 1, 0x12, null, 0, 0)));
        o.add(new Out(t += 40, frame4(c, s, 6, cp, 443, ci + 1, si + 1, 0x10, null, 0, 0)));
        o.add(new Out(t += 30, frame4(c, s, 6, cp, 443, ci + 1, si + 1, 0x18, NOISE, 0, 517)));
        long sent = 0;
        int segs = 2 + rnd.nextInt(40);
        t += 900;
        for (int i = 0; i < segs; i++) {
            o.add(new Out(t += 12, frame4(s, c, 6, 443, cp, (si + 1 + sent) & 0xFFFFFFFFL, ci + 518, 0x10, NOISE,
                    (int) (sent % 10000), 1448)));
            sent += 1448;
            if ((i & 1) == 1) o.add(new Out(t += 20, frame4(c, s, 6, cp, 443, ci + 518, (si + 1 + sent) & 0xFFFFFFFFL, 0x10, null, 0, 0)));
        }
        long sEnd = (si + 1 + sent) & 0xFFFFFFFFL;
        o.add(new Out(t += 5000, frame4(c, s, 6, cp, 443, ci + 518, sEnd, 0x11, null, 0, 0)));
        o.add(new Out(t += 900, frame4(s, c, 6, 443, cp, sEnd, ci + 519, 0x11, null, 0, 0)));
        o.add(new Out(t += 40, frame4(c, s, 6, cp, 443, ci + 519, sEnd + 1, 0x10, null, 0, 0)));
        return o;
    }

    /** A DNS-like query and answer over UDP. */
    private List<Out> dns(long start) {
        byte[] c = clientAddr(4), s = serverAddr(4);
        int cp = 1024 + rnd.nextInt(64512);
        int q = 40 + rnd.nextInt(30), a = q + 16 + rnd.nextInt(200);
        List<Out> o = new ArrayList<>();
        o.add(new Out(start, frame4(c, s, 17, cp, 53, 0, 0, 0, NOISE, 100, q)));
        o.add(new Out(start + 300 + rnd.nextInt(30000), frame4(s, c, 17, 53, cp, 0, 0, 0, NOISE, 100, a)));
        return o;
    }
}
