package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on standard error while a long replay runs: bytes, rate and time left. Only on an
 * interactive terminal and only for inputs worth waiting for; it never writes to a pipe or a log.
 */
final class Progress implements AutoCloseable {
    private static final long WORTH_SHOWING = 64L << 20;
    private static final Progress NONE = new Progress();
    private final Thread thread;
    private volatile boolean done;

    private Progress() {
        thread = null;
    }

    private Progress(PrintWriter err, long total, LongSupplier read) {
        long start = System.nanoTime();
        thread = new Thread(() -> {
            while (!done) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                if (done) return;
                long n = read.getAsLong();
                double secs = (System.nanoTime() - start) / 1e9;
                double rate = n / Math.max(secs, 1e-3);
                String eta = rate > 0 && n < total ? String.format(Locale.ROOT, ", %.0f s left", (total - n) / rate) : "";
                err.printf(Locale.ROOT, "\r  %3.0f%%  %s of %s  %s/s%s   ", 100.0 * Math.min(n, total) / total,
                        size(n), size(total), size((long) rate), eta);
                err.flush();
            }
        }, "stripwatch-progress");
        thread.setDaemon(true);
    }

    /** A running progress line, or a no-op when not on a terminal or the input is small. */
    static Progress start(PrintWriter err, List<Path> files, LongSupplier bytesRead) {
        if (System.console() == null) return NONE;
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                return NONE;
            }
        }
        if (total < WORTH_SHOWING) return NONE;
        Progress p = new Progress(err, total, bytesRead);
        p.thread.start();
        return p;
    }

    @Override
    public void close() {
        if (thread == null) return;
        done = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.print("\r" + " ".repeat(72) + "\r");
        System.err.flush();
    }

    private static String size(long b) {
        if (b < 1 << 20) return String.format(Locale.ROOT, "%.0f kB", b / 1e3);
        if (b < 1L << 30) return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }
}
