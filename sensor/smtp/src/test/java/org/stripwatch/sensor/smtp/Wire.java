package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.reassembly.StreamControl;

/**
 * A fake reassembler: plays a script of segments (both directions, in capture order) into a
 * conversation, cutting segments at chosen global offsets, honouring skip() and stopPayload(), and
 * scribbling over each delivered buffer after the call (a parser keeping a view would see garbage).
 */
final class Wire {
    sealed interface Step permits Data, Gap, End {}

    record Data(Direction dir, byte[] bytes) implements Step {}

    record Gap(Direction dir, long length) implements Step {}

    record End(Direction dir, EndReason reason) implements Step {}

    static final Direction C = Direction.CLIENT_TO_SERVER;
    static final Direction S = Direction.SERVER_TO_CLIENT;

    static Data c(String text) {
        return new Data(C, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Data s(String text) {
        return new Data(S, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Data c(byte[] bytes) {
        return new Data(C, bytes);
    }

    static Data s(byte[] bytes) {
        return new Data(S, bytes);
    }

    static Gap gap(Direction dir, long length) {
        return new Gap(dir, length);
    }

    static End end(Direction dir) {
        return new End(dir, EndReason.FIN);
    }

    /** One direction's reassembler state. */
    static final class Stream implements StreamControl {
        final List<Long> skips = new ArrayList<>();
        long skipPending;
        long offset;
        boolean stopped;
        StreamConsumer consumer;

        @Override
        public void skip(long bytes) {
            if (bytes <= 0) {
                throw new AssertionError("skip of " + bytes);
            }
            skips.add(bytes);
            skipPending += bytes;
        }

        @Override
        public void stopPayload() {
            stopped = true;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public int carrierTtl() {
            return -1;
        }

        @Override
        public int carrierIpId() {
            return -1;
        }

        @Override
        public int medianTtl() {
            return -1;
        }

        void deliver(byte[] bytes, int from, int to, long ts) {
            int start = from;
            long drop = Math.min(skipPending, to - start);
            start += (int) drop;
            skipPending -= drop;
            offset += drop;
            if (start >= to) {
                return;
            }
            int n = to - start;
            offset += n;
            if (stopped) {
                return;
            }
            byte[] backing = new byte[n + 7];
            Arrays.fill(backing, (byte) 'Z');
            System.arraycopy(bytes, start, backing, 3, n);
            ByteBuf buf = Unpooled.wrappedBuffer(backing).setIndex(3, 3 + n);
            consumer.onData(buf, ts);
            Arrays.fill(backing, (byte) 'Z');
        }
    }

    /** Bytes, gaps and ends an upgrade consumer saw, as one segmentation-independent string. */
    static final class Sink implements StreamConsumer {
        final StringBuilder seen = new StringBuilder();

        @Override
        public void onData(ByteBuf data, long ts) {
            seen.append(HexFormat.of().formatHex(ByteBufUtilCopy.bytes(data)));
        }

        @Override
        public void onGap(long length, long ts) {
            seen.append("[gap ").append(length).append(']');
        }

        @Override
        public void onEnd(EndReason reason, long ts) {
            seen.append("[end ").append(reason).append(']');
        }
    }

    static final class ByteBufUtilCopy {
        static byte[] bytes(ByteBuf data) {
            byte[] b = new byte[data.readableBytes()];
            data.getBytes(data.readerIndex(), b);
            return b;
        }
    }

    final Stream client = new Stream();
    final Stream server = new Stream();
    final Recorder recorder = new Recorder();
    final Sink clientTls = new Sink();
    final Sink serverTls = new Sink();
    final SmtpConversation conversation;

    Wire(SmtpConfig config, boolean withControl) {
        conversation = new SmtpConversation(config, recorder, withControl ? client : null, withControl ? server : null);
        client.consumer = conversation.client();
        server.consumer = conversation.server();
        recorder.onStartTlsAction = () -> conversation.setUpgradeConsumers(clientTls, serverTls);
    }

    Wire() {
        this(SmtpConfig.DEFAULT, true);
    }

    static int totalLength(List<Step> script) {
        int n = 0;
        for (Step step : script) {
            if (step instanceof Data d) {
                n += d.bytes().length;
            }
        }
        return n;
    }

    /** Plays the script; every data segment is cut at the global offsets in {@code cuts}. */
    Wire play(List<Step> script, NavigableSet<Integer> cuts) {
        int global = 0;
        long ts = 1_000;
        for (Step step : script) {
            ts += 1_000;
            if (step instanceof Data d) {
                Stream stream = d.dir() == C ? client : server;
                int from = 0;
                for (int cut : cuts.subSet(global, false, global + d.bytes().length, false)) {
                    stream.deliver(d.bytes(), from, cut - global, ts);
                    from = cut - global;
                }
                stream.deliver(d.bytes(), from, d.bytes().length, ts);
                global += d.bytes().length;
            } else if (step instanceof Gap g) {
                Stream stream = g.dir() == C ? client : server;
                stream.offset += g.length();
                stream.consumer.onGap(g.length(), ts);
            } else if (step instanceof End e) {
                (e.dir() == C ? client : server).consumer.onEnd(e.reason(), ts);
            }
        }
        return this;
    }

    Wire play(List<Step> script) {
        return play(script, new TreeSet<>());
    }

    static Wire run(List<Step> script) {
        return new Wire().play(script);
    }

    /** Everything observable, for split comparisons. */
    String observed() {
        return String.join("\n", recorder.events) + "\n--client tls: " + clientTls.seen + "\n--server tls: "
                + serverTls.seen + "\n--bdat bytes: " + conversation.counters().get(SmtpCounter.BDAT_BYTES);
    }
}
