package org.stripwatch.sensor.capture;

/**
 * Limits of {@link FileSource}. Every limit has a finite default and a counter or notice when hit.
 *
 * @param windowBytes      size of each memory-mapped window of an uncompressed file (default 64 MiB).
 *                         Windows are re-mapped at the record that crosses a window's end, so any
 *                         file size works; at most {@code Integer.MAX_VALUE} (a MappedByteBuffer's limit).
 *                         A left window's pages are released, so this bounds the file's share of RSS
 * @param maxCaptureLength largest captured length of one frame (default 262144, libpcap's
 *                         MAXIMUM_SNAPLEN); a larger record header is damage ({@code caplen_too_large})
 * @param maxBlockLength   largest pcapng block that is parsed (default 16 MiB); larger packet or
 *                         interface blocks are damage ({@code bad_block_length}); unknown blocks of
 *                         any length are skipped without buffering them. Also bounds the heap buffer
 *                         of gzip-compressed input
 * @param maxInterfaces    most Interface Description Blocks per pcapng section (default 1024)
 * @param maxNotices       most {@link CaptureNotice}s kept per source (default 1000); the rest are counted
 */
public record FileSourceConfig(long windowBytes, int maxCaptureLength, int maxBlockLength, int maxInterfaces,
                               int maxNotices) {
    /** Slack between a window and the largest block, so a block never needs more than one window. */
    static final int WINDOW_SLACK = 8192;

    public static final FileSourceConfig DEFAULT =
            new FileSourceConfig(64L << 20, 262_144, 16 << 20, 1024, 1000);

    public FileSourceConfig {
        if (maxCaptureLength < 64 || maxBlockLength < maxCaptureLength + 64) {
            throw new IllegalArgumentException("need 64 <= maxCaptureLength <= maxBlockLength - 64, got "
                    + maxCaptureLength + ", " + maxBlockLength);
        }
        if (windowBytes < (long) maxBlockLength + WINDOW_SLACK || windowBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("windowBytes must be in [maxBlockLength + " + WINDOW_SLACK
                    + ", 2^31-1], got " + windowBytes);
        }
        if (maxInterfaces < 1 || maxNotices < 0) {
            throw new IllegalArgumentException("maxInterfaces >= 1 and maxNotices >= 0 required");
        }
    }

    public FileSourceConfig withWindowBytes(long bytes) {
        return new FileSourceConfig(bytes, maxCaptureLength, maxBlockLength, maxInterfaces, maxNotices);
    }

    public FileSourceConfig withMaxNotices(int n) {
        return new FileSourceConfig(windowBytes, maxCaptureLength, maxBlockLength, maxInterfaces, n);
    }
}
