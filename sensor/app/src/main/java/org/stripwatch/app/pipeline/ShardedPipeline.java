package org.stripwatch.app.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.PacketSource;
import org.stripwatch.sensor.decode.DecodeAnomaly;
import org.stripwatch.sensor.decode.DecodeStats;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.decode.PacketDecoder;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionListener;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.reassembly.ReassemblyStats;

/**
 * The pipeline on N worker threads: the source's thread reads frames, picks a worker by
 * {@link FlowShard} (a hash of the address pair) and copies the frame into that worker's current
 * batch; each worker owns a {@link PacketDecoder}, a {@link FlowTable} and an analysis, so no state
 * is shared between workers.
 *
 * <p><b>Buffer lifetime.</b> A source's frame is a view into a mapped window that is valid only during
 * the call, so frames are copied into fixed batch arrays (512 KiB, 4096 frames); a batch goes to its
 * worker through a bounded queue and comes back through a free list. The copy is one memcpy per frame
 * on the reader thread, about a tenth of the whole run's time with two workers (see ops/docs/performance.md);
 * a bounded number of batches per worker caps memory and blocks the reader when a worker falls behind.
 *
 * <p><b>Clock.</b> A flow table expires idle connections and retires closed ones in sweeps driven by
 * its packets' time. A worker only sees its own packets, so its tables sweep when the reader, which
 * follows the single table's clock over all TCP packets, says so: every worker sweeps at the same
 * packet as the single-threaded table would, and connections end with the same reason and time.
 *
 * <p><b>Output.</b> Everything a worker outputs (session records, connection summaries) is prepared
 * on the worker by its own {@link Output.Lane} (rendered to JSON there, so the merge only writes
 * bytes), then queued with the global number of the packet being processed when it was produced (at the end of input:
 * of the connection's first packet), and the reader thread writes the queues merged by that number
 * once every worker has gone past it, so records reach the outputs on one thread, in an order that
 * depends only on the input and the worker count. Connection ids are renumbered in global
 * first-packet order, as the single table numbers them. The records and their order are the same as
 * a single-threaded run's (ShardedReplayTest), the connections one sweep ends included: each table
 * gives them a key ({@link FlowTable#retireOrder}: lingering ones by the packet that closed them, then
 * idle ones by their latest packet, both global packet numbers), so the merge interleaves the workers'
 * sweeps as the single table's least-recently-used order would. Table limits ({@code maxFlows}, buffer
 * budgets) apply to each worker's table, so evictions can differ once a limit is hit.
 */
final class ShardedPipeline {
    private static final int BATCH_BYTES = 512 << 10;
    private static final int BATCH_FRAMES = 4096;
    private static final int BATCHES_PER_WORKER = 8;
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final DecoderConfig decoderConfig;
    private final ReassemblyConfig reassemblyConfig;
    private final Pipeline.AnalysisFactory factory;
    private final Output output;
    private final Worker[] workers;
    private long packetIndex = -1;
    /** The single-threaded flow table's clock and sweep times, followed on the reader thread. */
    private long clock = Long.MIN_VALUE, lastSweep = Long.MIN_VALUE;
    private long nextGlobalId = 1;

    ShardedPipeline(DecoderConfig decoderConfig, ReassemblyConfig reassemblyConfig, int workerCount,
            Pipeline.AnalysisFactory factory, Output output) {
        this.decoderConfig = decoderConfig;
        this.reassemblyConfig = reassemblyConfig;
        this.factory = factory;
        this.output = output;
        this.workers = new Worker[workerCount];
    }

    /** Frames copied for one worker. */
    private static final class Batch {
        byte[] data;
        ByteBuf view;
        final int[] offset = new int[BATCH_FRAMES], length = new int[BATCH_FRAMES], linkType = new int[BATCH_FRAMES],
                wireLength = new int[BATCH_FRAMES];
        final long[] timestamp = new long[BATCH_FRAMES], index = new long[BATCH_FRAMES], clock = new long[BATCH_FRAMES];
        int count, used;
        final boolean end;

        Batch(int bytes, boolean end) {
            data = new byte[bytes];
            view = Unpooled.wrappedBuffer(data);
            this.end = end;
        }

        boolean fits(int len) {
            return count < BATCH_FRAMES && used + len <= data.length;
        }

        /** A sweep at {@code ts} after packet {@code idx}: an entry without frame bytes. */
        void addSweep(long idx, long ts) {
            offset[count] = used;
            length[count] = -1;
            timestamp[count] = ts;
            index[count] = idx;
            count++;
        }

        void add(long idx, int link, long ts, long clk, ByteBuf frame, int wire) {
            int len = frame.readableBytes();
            frame.getBytes(frame.readerIndex(), data, used, len);
            offset[count] = used;
            length[count] = len;
            linkType[count] = link;
            wireLength[count] = wire;
            timestamp[count] = ts;
            clock[count] = clk;
            index[count] = idx;
            count++;
            used += len;
        }

        void clear() {
            count = used = 0;
        }
    }

    /**
     * Something a worker produced, to be run on the reader thread in global packet order; at the end of
     * input, in the order of the connections' first packets (as one table's {@code finishAll} does).
     */
    private record Queued(long index, long then, Runnable action) {
        boolean before(Queued o) {
            return index < o.index || (index == o.index && then < o.then);
        }
    }

    private final class Worker implements Runnable {
        final int number;
        final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES_PER_WORKER + 1);
        final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES_PER_WORKER + 1);
        final ConcurrentLinkedQueue<Queued> outputs = new ConcurrentLinkedQueue<>();
        /** The last packet number whose outputs are all queued (written by the worker). */
        final AtomicLong processed = new AtomicLong(-1);
        /** Reader side: the batch being filled, the last packet number handed over, batches made. */
        Batch filling;
        long handedUpTo = -1;
        int batches;
        // Worker side.
        final PacketDecoder decoder;
        final FlowTable table;
        long current = -1;
        /** Local connection id -> global id, filled and emptied on the reader thread (in output order). */
        final Map<Long, Long> ids = new HashMap<>();
        /** Local connection id -> number of its first packet (worker thread only). */
        final Map<Long, Long> firstPacket = new HashMap<>();
        volatile Throwable failure;
        Thread thread;

        Worker(int number) {
            this.number = number;
            Output.Lane lane = output.lane();
            Pipeline.Analysis analysis = factory.create(record -> {
                long local = record.connection().id();
                Output.Prepared p = lane.session(record); // rendered here, on the worker
                emit(local, () -> p.commit(ids.get(local)));
            });
            table = new FlowTable(reassemblyConfig, new ConnectionListener() {
                @Override
                public ConnectionHandler onOpen(Connection connection) {
                    long local = connection.id();
                    firstPacket.put(local, current);
                    emit(local, () -> ids.put(local, nextGlobalId++));
                    return analysis.open(connection);
                }

                @Override
                public void onClose(ConnectionSummary summary) {
                    long local = summary.id();
                    Output.Prepared p = lane.summary(summary);
                    emit(local, () -> p.commit(ids.remove(local)));
                    firstPacket.remove(local);
                }
            });
            table.externalSweeps();
            decoder = new PacketDecoder(decoderConfig, table);
        }

        void emit(long localId, Runnable action) {
            long then = current == END_OF_INPUT ? firstPacket.getOrDefault(localId, 0L) : table.retireOrder();
            outputs.add(new Queued(current, then, action));
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Batch b = full.take();
                    if (b.end) break;
                    if (failure == null) process(b);
                    b.clear();
                    free.add(b);
                }
                if (failure == null) {
                    current = END_OF_INPUT;
                    table.finishAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure = t;
            } finally {
                processed.set(END_OF_INPUT);
            }
        }

        private void process(Batch b) {
            ByteBuf view = b.view;
            try {
                for (int i = 0; i < b.count; i++) {
                    current = b.index[i];
                    if (b.length[i] < 0) {
                        table.sweepAt(b.timestamp[i]);
                    } else {
                        view.setIndex(b.offset[i], b.offset[i] + b.length[i]);
                        table.atPacket(current, b.clock[i]);
                        decoder.onPacket(b.linkType[i], b.timestamp[i], view, b.wireLength[i]);
                    }
                    processed.lazySet(current);
                }
            } catch (Throwable t) {
                // Keep draining so the reader never blocks on a dead worker; the run then fails.
                failure = t;
                processed.set(END_OF_INPUT);
            }
        }

        /** Reader side: no output of this worker can carry a packet number at or below this. */
        long bound() {
            long p = processed.get();
            if (p < handedUpTo) return p;
            return filling != null && filling.count > 0 ? filling.index[0] - 1 : packetIndex;
        }
    }

    Pipeline.Result run(PacketSource source, java.util.function.Consumer<FlowTable[]> started) throws CaptureException {
        long t0 = System.nanoTime();
        FlowTable[] tables = new FlowTable[workers.length];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
            tables[i] = workers[i].table;
            workers[i].thread = new Thread(workers[i], "stripwatch-worker-" + i);
            workers[i].thread.setDaemon(true);
            workers[i].thread.start();
        }
        started.accept(tables);
        try {
            source.run(this::onPacket);
        } finally {
            finish();
        }
        for (Worker w : workers) {
            if (w.failure != null) throw new IllegalStateException("analysis worker failed: " + w.failure, w.failure);
        }
        DecodeStats[] d = new DecodeStats[workers.length];
        ReassemblyStats[] r = new ReassemblyStats[workers.length];
        for (int i = 0; i < workers.length; i++) {
            d[i] = workers[i].decoder.stats();
            r[i] = workers[i].table.stats();
        }
        return new Pipeline.Result(source.stats(), sum(d), sum(r), System.nanoTime() - t0);
    }

    private void onPacket(int linkType, long ts, ByteBuf frame, int wireLength) {
        packetIndex++;
        int shard = FlowShard.of(linkType, frame, workers.length);
        Worker w = workers[shard & ~FlowShard.TCP];
        int len = frame.readableBytes();
        boolean tcp = (shard & FlowShard.TCP) != 0;
        // FlowTable.onSegment's clock and sweep rule, for the one table of a single-threaded run.
        if (tcp && ts > clock) clock = ts;
        room(w, len);
        w.filling.add(packetIndex, linkType, ts, clock, frame, wireLength);
        if (tcp) {
            if (lastSweep == Long.MIN_VALUE || clock - lastSweep >= FlowTable.SWEEP_INTERVAL_NANOS) {
                lastSweep = clock;
                for (Worker x : workers) {
                    room(x, 0);
                    x.filling.addSweep(packetIndex, clock);
                }
            }
        }
    }

    /** Makes room for a frame of {@code len} bytes in {@code w}'s batch, handing the full one over. */
    private void room(Worker w, int len) {
        if (w.filling == null) w.filling = takeFree(w, len);
        if (!w.filling.fits(len)) {
            hand(w);
            w.filling = takeFree(w, len);
        }
    }

    private Batch takeFree(Worker w, int len) {
        Batch b = w.free.poll();
        if (b == null && w.batches < BATCHES_PER_WORKER) {
            w.batches++;
            b = new Batch(BATCH_BYTES, false);
        }
        while (b == null) {
            drain(false); // let outputs flow while waiting for the worker
            try {
                b = w.free.poll(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            }
        }
        if (b.data.length < len) { // a frame larger than a batch (jumbo pcapng block): a batch of its own size
            b.data = new byte[len];
            b.view = Unpooled.wrappedBuffer(b.data);
        }
        return b;
    }

    private void hand(Worker w) {
        Batch b = w.filling;
        w.filling = null;
        w.handedUpTo = b.index[b.count - 1];
        put(w, b);
        drain(false);
    }

    private static void put(Worker w, Batch b) {
        try {
            w.full.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing frames to a worker", e);
        }
    }

    private void finish() {
        for (Worker w : workers) {
            if (w.filling != null && w.filling.count > 0) hand(w);
            put(w, new Batch(0, true));
        }
        for (Worker w : workers) {
            try {
                w.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the workers", e);
            }
        }
        drain(true);
    }

    /** Runs queued outputs in global packet order, as far as every worker has got. */
    private void drain(boolean all) {
        long safe = Long.MAX_VALUE;
        if (!all) {
            for (Worker w : workers) safe = Math.min(safe, w.bound());
        }
        while (true) {
            Worker first = null;
            Queued head = null;
            for (Worker w : workers) {
                Queued o = w.outputs.peek();
                if (o != null && (head == null || o.before(head))) {
                    first = w;
                    head = o;
                }
            }
            // Strictly below: a worker that has processed packet N may still be running the sweep that
            // follows it, whose outputs also carry N.
            if (first == null || (!all && head.index() >= safe)) return;
            first.outputs.poll().action().run();
        }
    }

    // ---- stats of the whole run: sums over the workers ----------------------------------------

    static DecodeStats sum(DecodeStats[] s) {
        long[] v = new long[13];
        Map<DecodeAnomaly, Long> anomalies = new EnumMap<>(DecodeAnomaly.class);
        for (DecodeStats x : s) {
            long[] f = {x.packets(), x.linkDropped(), x.nonIp(), x.ipv4(), x.ipv6(), x.fragments(), x.reassembled(),
                x.tcp(), x.udp(), x.otherIp(), x.paddedFrames(), x.snaplenPayloads(), x.checksumOk()};
            for (int i = 0; i < f.length; i++) v[i] += f[i];
            x.anomalies().forEach((a, n) -> anomalies.merge(a, n, Long::sum));
        }
        return new DecodeStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], anomalies);
    }

    /** The workers' counters together (see {@link ReassemblyStats#plus}). */
    static ReassemblyStats sum(ReassemblyStats[] s) {
        ReassemblyStats total = s[0];
        for (int i = 1; i < s.length; i++) total = total.plus(s[i]);
        return total;
    }
}
