package org.stripwatch.sensor.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link DiskSpool}.
 *
 * @param dir directory of the segment files (created if missing; one spool per directory)
 * @param maxBytes bound on spooled, not yet acknowledged bytes; a record that would exceed it is dropped and
 *     counted. Disk use is at most {@code maxBytes + segmentBytes} (an acknowledged prefix of the oldest
 *     segment stays until the whole segment is acknowledged). Default 1 GiB.
 * @param segmentBytes a segment file is closed and a new one started beyond this size. Default 16 MiB.
 * @param maxRecordBytes a larger record is refused (and counted as dropped); also the bound a reader trusts
 *     a length prefix up to. Default 8 MiB (Kafka's default message limit is 1 MiB).
 * @param fsync when writes are forced to disk. Default {@link FsyncPolicy#INTERVAL}.
 * @param fsyncInterval for {@link FsyncPolicy#INTERVAL}. Default 1 s.
 * @param fullLogInterval when the spool is full, one warning per interval. Default 30 s.
 */
public record SpoolConfig(Path dir, long maxBytes, long segmentBytes, int maxRecordBytes, FsyncPolicy fsync,
                          Duration fsyncInterval, Duration fullLogInterval) {
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_RECORD_BYTES = 8 << 20;

    public SpoolConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(fsyncInterval, "fsyncInterval");
        Objects.requireNonNull(fullLogInterval, "fullLogInterval");
        if (maxBytes <= 0 || segmentBytes <= 0 || maxRecordBytes <= 0) {
            throw new IllegalArgumentException("spool sizes must be positive");
        }
        if (fsyncInterval.isNegative() || fullLogInterval.isNegative()) {
            throw new IllegalArgumentException("intervals must not be negative");
        }
    }

    /** Defaults for everything but the directory. */
    public static SpoolConfig defaults(Path dir) {
        return new SpoolConfig(dir, DEFAULT_MAX_BYTES, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES,
                FsyncPolicy.INTERVAL, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public SpoolConfig withDir(Path d) {
        return new SpoolConfig(d, maxBytes, segmentBytes, maxRecordBytes, fsync, fsyncInterval, fullLogInterval);
    }

    public SpoolConfig withMaxBytes(long b) {
        return new SpoolConfig(dir, b, segmentBytes, maxRecordBytes, fsync, fsyncInterval, fullLogInterval);
    }

    public SpoolConfig withSegmentBytes(long b) {
        return new SpoolConfig(dir, maxBytes, b, maxRecordBytes, fsync, fsyncInterval, fullLogInterval);
    }

    public SpoolConfig withFsync(FsyncPolicy p, Duration interval) {
        return new SpoolConfig(dir, maxBytes, segmentBytes, maxRecordBytes, p, interval, fullLogInterval);
    }

    public SpoolConfig withFullLogInterval(Duration d) {
        return new SpoolConfig(dir, maxBytes, segmentBytes, maxRecordBytes, fsync, fsyncInterval, d);
    }
}
