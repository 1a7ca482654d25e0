package org.stripwatch.sensor.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, durable FIFO of records on disk: the sensor's buffer while the broker is unreachable or slow.
 *
 * <p>Layout: segment files {@code <20-digit id>.seg} in {@link SpoolConfig#dir()}, each an 8-byte magic
 * followed by frames {@code [u32 length][u32 CRC32C(payload)][payload]}, payload
 * {@code [u8 stream][u32 keyLength][key][value]}. A file {@code ack} holds the position up to which the
 * records were acknowledged (segment id, offset, CRC32C), replaced atomically on every {@link #commit}.
 *
 * <p>Reading is separate from acknowledging: {@link #next()} hands out records in append order,
 * {@link #commit} acknowledges everything up to a record, {@link #rewind()} goes back to the last commit
 * (after a failed send). A segment is deleted once fully acknowledged.
 *
 * <p>Crash safety: on {@link #open} every segment is scanned and each frame's CRC checked. A bad frame at
 * the end of the newest segment is a torn write (the process died mid-append): the file is truncated there
 * and the record counted in {@link #tornRecords()}. A bad frame elsewhere ends that segment's readable part
 * ({@link #corruptRecords()}). Writing always continues in a fresh segment. Records between the last
 * {@code ack} write and a crash are delivered again: at-least-once.
 *
 * <p>Limits: {@link SpoolConfig#maxBytes()} (a record that does not fit is dropped, counted in
 * {@link #droppedRecords()}, and a warning logged once per {@link SpoolConfig#fullLogInterval()}),
 * {@link SpoolConfig#maxRecordBytes()}. Thread-safe (one monitor); I/O errors on append count as drops,
 * never escape to the capture path.
 */
public final class DiskSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);
    static final byte[] MAGIC = {'S', 'W', 'S', 'P', 'O', 'O', 'L', 1};
    static final int HEADER = MAGIC.length;
    static final int FRAME_OVERHEAD = 8;
    private static final int PAYLOAD_OVERHEAD = 5;
    private static final String ACK = "ack";

    private final SpoolConfig config;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private Segment tail;
    private long nextId;

    // Read cursor and commit point. seq/bytes count records read since open, to keep depth exact.
    private Segment readSeg;
    private long readOff;
    private long readSeq;
    private long readBytes;
    private long commitSeq;
    private long commitBytes;

    private long liveRecords;
    private long liveBytes;
    private long dropped;
    private long torn;
    private long corrupt;
    private long lastForceNanos;
    private long lastFullLogNanos;
    private boolean dropLogged;
    private boolean closed;

    private DiskSpool(SpoolConfig config) {
        this.config = config;
    }

    /** Opens (or creates) the spool in {@code config.dir()}, recovering what a previous process left. */
    public static DiskSpool open(SpoolConfig config) throws IOException {
        DiskSpool s = new DiskSpool(config);
        s.recover();
        return s;
    }

    /**
     * Appends one record. Returns false, counting a drop, when it does not fit under
     * {@link SpoolConfig#maxBytes()}, exceeds {@link SpoolConfig#maxRecordBytes()}, or the disk write fails.
     */
    public synchronized boolean append(byte stream, byte[] key, byte[] value) {
        int payload = PAYLOAD_OVERHEAD + key.length + value.length;
        long frame = FRAME_OVERHEAD + (long) payload;
        if (closed || payload > config.maxRecordBytes() || liveBytes + frame > config.maxBytes()) {
            drop(payload > config.maxRecordBytes() ? "record too large" : "spool full");
            return false;
        }
        try {
            if (tail.end >= config.segmentBytes()) {
                roll();
            }
            ByteBuffer buf = ByteBuffer.allocate((int) frame);
            buf.putInt(payload).putInt(0).put(stream).putInt(key.length).put(key).put(value).flip();
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), FRAME_OVERHEAD, payload);
            buf.putInt(4, (int) crc.getValue());
            writeFully(tail.channel(), buf, tail.end);
            tail.end += frame;
            liveRecords++;
            liveBytes += frame;
            maybeForce(tail, false);
            return true;
        } catch (IOException e) {
            // A full disk fails every append: reported through drop()'s rate-limited error, not once per
            // record (a log line per record would flood the log, often on the very disk that is full).
            drop("write failed: " + e.getMessage());
            return false;
        }
    }

    /** The next record not yet handed out since the last commit/rewind, or null when none. */
    public synchronized SpoolRecord next() {
        while (readSeg != null && !closed) {
            if (readOff < readSeg.end) {
                SpoolRecord r = readAt(readSeg, readOff);
                if (r != null) {
                    readOff = r.endOffset();
                    return r;
                }
                readSeg.end = readOff; // unreadable now: cannot happen for our own frames; treat as segment end
                corrupt++;
                continue;
            }
            if (readSeg == tail) {
                return null;
            }
            readSeg = following(readSeg);
            readOff = HEADER;
        }
        return null;
    }

    /** Acknowledges {@code upTo} and every record handed out before it; deletes fully acknowledged segments. */
    public synchronized void commit(SpoolRecord upTo) {
        if (closed || upTo.seq() <= commitSeq) {
            return;
        }
        liveRecords -= upTo.seq() - commitSeq;
        liveBytes -= upTo.cumulativeBytes() - commitBytes;
        commitSeq = upTo.seq();
        commitBytes = upTo.cumulativeBytes();
        while (!segments.isEmpty() && segments.peekFirst().id < upTo.segment()) {
            delete(segments.peekFirst());
        }
        Segment first = segments.peekFirst();
        first.start = upTo.endOffset();
        if (first != tail && first.start >= first.end) {
            delete(first);
            first = segments.peekFirst();
        }
        writeAck(first.id, first.start);
    }

    /** Moves the read cursor back to the last commit: everything after it will be handed out again. */
    public synchronized void rewind() {
        Segment first = segments.peekFirst();
        readSeg = first;
        readOff = first == null ? HEADER : first.start;
        readSeq = commitSeq;
        readBytes = commitBytes;
    }

    /** True when every appended record has been acknowledged. */
    public synchronized boolean isEmpty() {
        return liveRecords == 0;
    }

    /** Records appended and not yet acknowledged. */
    public synchronized long records() {
        return liveRecords;
    }

    /** Bytes (frames) appended and not yet acknowledged. */
    public synchronized long bytes() {
        return liveBytes;
    }

    /** Records refused since open (full, too large, I/O error). */
    public synchronized long droppedRecords() {
        return dropped;
    }

    /** Torn records cut from the newest segment at open (a crash mid-append). */
    public synchronized long tornRecords() {
        return torn;
    }

    /** Segments' unreadable remainders found at open or while reading. */
    public synchronized long corruptRecords() {
        return corrupt;
    }

    public SpoolConfig config() {
        return config;
    }

    /** Forces pending writes (unless {@link FsyncPolicy#NEVER}) and closes the files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Segment s : segments) {
            if (s == tail && config.fsync() != FsyncPolicy.NEVER) {
                try {
                    s.channel().force(false);
                } catch (IOException e) {
                    LOG.warn("spool {}: final fsync failed: {}", config.dir(), e.toString());
                }
            }
            s.closeChannel();
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        Files.createDirectories(config.dir());
        long[] ack = readAck();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(config.dir(), "*.seg")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        long maxId = ack[0];
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            long id = parseId(p);
            if (id < 0) {
                continue;
            }
            maxId = Math.max(maxId, id);
            if (id < ack[0]) {
                Files.deleteIfExists(p);
                continue;
            }
            Segment s = scan(p, id, id == ack[0] ? ack[1] : HEADER, i == files.size() - 1);
            if (s != null) {
                segments.addLast(s);
            }
        }
        nextId = maxId + 1;
        roll();
        rewind();
    }

    /** Validates one segment's frames, counting records and bytes from {@code from}; truncates a torn tail. */
    private Segment scan(Path p, long id, long from, boolean newest) throws IOException {
        Segment s = new Segment(id, p);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(HEADER);
            if (size < HEADER || readFully(ch, magic, 0) < HEADER || !java.util.Arrays.equals(magic.array(), MAGIC)) {
                LOG.warn("spool {}: {} has no spool header, ignored", config.dir(), p.getFileName());
                corrupt++;
                Files.delete(p);
                return null;
            }
            s.end = size;
            long off = HEADER;
            long startAt = Math.max(HEADER, Math.min(from, size));
            while (off < size) {
                long len = validFrameLength(ch, off, size);
                if (len < 0) {
                    if (newest) {
                        torn++;
                        ch.truncate(off);
                        LOG.warn("spool {}: torn record at {} of {} (crash mid-write), cut", config.dir(), off, p.getFileName());
                    } else {
                        corrupt++;
                        LOG.warn("spool {}: corrupt record at {} of {}, rest of segment skipped", config.dir(), off, p.getFileName());
                    }
                    s.end = off;
                    break;
                }
                if (off >= startAt) {
                    liveRecords++;
                    liveBytes += len;
                }
                off += len;
            }
            s.start = startAt;
        }
        if (s.start >= s.end) {
            Files.delete(p);
            return null;
        }
        return s;
    }

    /** Frame length if the frame at {@code off} is complete and its CRC matches, else -1. */
    private long validFrameLength(FileChannel ch, long off, long size) throws IOException {
        if (size - off < FRAME_OVERHEAD) {
            return -1;
        }
        ByteBuffer h = ByteBuffer.allocate(FRAME_OVERHEAD);
        readFully(ch, h, off);
        int payload = h.getInt(0);
        if (payload < PAYLOAD_OVERHEAD || payload > config.maxRecordBytes() || size - off - FRAME_OVERHEAD < payload) {
            return -1;
        }
        ByteBuffer body = ByteBuffer.allocate(payload);
        readFully(ch, body, off + FRAME_OVERHEAD);
        CRC32C crc = new CRC32C();
        crc.update(body.array(), 0, payload);
        return (int) crc.getValue() == h.getInt(4) ? FRAME_OVERHEAD + payload : -1;
    }

    // ---------------------------------------------------------------- reading

    private SpoolRecord readAt(Segment s, long off) {
        try {
            long len = validFrameLength(s.channel(), off, s.end);
            if (len < 0) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate((int) len - FRAME_OVERHEAD);
            readFully(s.channel(), b, off + FRAME_OVERHEAD);
            b.flip();
            byte stream = b.get();
            int keyLen = b.getInt();
            if (keyLen < 0 || keyLen > b.remaining()) {
                return null;
            }
            byte[] key = new byte[keyLen];
            b.get(key);
            byte[] value = new byte[b.remaining()];
            b.get(value);
            readSeq++;
            readBytes += len;
            return new SpoolRecord(stream, key, value, s.id, off + len, readSeq, readBytes);
        } catch (IOException e) {
            LOG.warn("spool {}: read failed at {} of segment {}: {}", config.dir(), off, s.id, e.toString());
            return null;
        }
    }

    private Segment following(Segment s) {
        boolean found = false;
        for (Segment x : segments) {
            if (found) {
                return x;
            }
            found = x == s;
        }
        return null;
    }

    // ---------------------------------------------------------------- writing

    private void roll() throws IOException {
        if (tail != null) {
            maybeForce(tail, true);
            if (tail != readSeg) {
                tail.closeChannel();
            }
        }
        Path p = config.dir().resolve(String.format("%020d.seg", nextId));
        Segment s = new Segment(nextId++, p);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        s.ch = ch;
        writeFully(ch, ByteBuffer.wrap(MAGIC), 0);
        s.start = HEADER;
        s.end = HEADER;
        segments.addLast(s);
        tail = s;
        if (readSeg == null) {
            readSeg = s;
            readOff = HEADER;
        }
    }

    private void maybeForce(Segment s, boolean always) throws IOException {
        FsyncPolicy p = config.fsync();
        long now = System.nanoTime();
        boolean due = p == FsyncPolicy.ALWAYS
                || (p == FsyncPolicy.INTERVAL && (always || now - lastForceNanos >= config.fsyncInterval().toNanos()));
        if (due) {
            s.channel().force(false);
            lastForceNanos = now;
        }
    }

    private void drop(String why) {
        dropped++;
        long now = System.nanoTime();
        if (!dropLogged || now - lastFullLogNanos >= config.fullLogInterval().toNanos()) {
            dropLogged = true;
            lastFullLogNanos = now;
            LOG.error("SPOOL FULL or refusing records ({}): {} holds {} records / {} of {} bytes; {} records DROPPED so far",
                    why, config.dir(), liveRecords, liveBytes, config.maxBytes(), dropped);
        }
    }

    /** Removes the oldest segment {@code s} (fully acknowledged) from the spool and the disk. */
    private void delete(Segment s) {
        s.closeChannel();
        if (s == readSeg) {
            readSeg = following(s);
            readOff = HEADER;
        }
        segments.remove(s);
        try {
            Files.deleteIfExists(s.path);
        } catch (IOException e) {
            LOG.warn("spool {}: cannot delete acknowledged segment {}: {}", config.dir(), s.path.getFileName(), e.toString());
        }
    }

    private void writeAck(long segment, long offset) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putLong(segment).putLong(offset);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 16);
        b.putInt((int) crc.getValue()).flip();
        Path tmp = config.dir().resolve(ACK + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, b, 0);
            if (config.fsync() != FsyncPolicy.NEVER) {
                ch.force(false);
            }
        } catch (IOException e) {
            // Not fatal: a stale ack only means some records are sent again after a restart.
            LOG.warn("spool {}: cannot write ack: {}", config.dir(), e.toString());
            return;
        }
        try {
            Files.move(tmp, config.dir().resolve(ACK), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("spool {}: cannot replace ack: {}", config.dir(), e.toString());
        }
    }

    /** {segment id, offset}; {0, HEADER} when absent or damaged (then everything present is re-sent). */
    private long[] readAck() {
        Path p = config.dir().resolve(ACK);
        try {
            if (!Files.exists(p)) {
                return new long[] {0, HEADER};
            }
            byte[] a = Files.readAllBytes(p);
            if (a.length == 20) {
                ByteBuffer b = ByteBuffer.wrap(a);
                CRC32C crc = new CRC32C();
                crc.update(a, 0, 16);
                if ((int) crc.getValue() == b.getInt(16)) {
                    return new long[] {b.getLong(0), b.getLong(8)};
                }
            }
            LOG.warn("spool {}: ack file damaged; unacknowledged records may be re-sent", config.dir());
        } catch (IOException e) {
            LOG.warn("spool {}: cannot read ack: {}", config.dir(), e.toString());
        }
        return new long[] {0, HEADER};
    }

    private static long parseId(Path p) {
        String n = p.getFileName().toString();
        try {
            return Long.parseLong(n.substring(0, n.length() - ".seg".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** One segment file; {@code start} = first unacknowledged byte, {@code end} = end of valid frames. */
    private static final class Segment {
        final long id;
        final Path path;
        long start;
        long end;
        FileChannel ch;

        Segment(long id, Path path) {
            this.id = id;
            this.path = path;
        }

        FileChannel channel() throws IOException {
            if (ch == null) {
                ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return ch;
        }

        void closeChannel() {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    LOG.debug("closing {}: {}", path, e.toString());
                }
                ch = null;
            }
        }
    }
}
