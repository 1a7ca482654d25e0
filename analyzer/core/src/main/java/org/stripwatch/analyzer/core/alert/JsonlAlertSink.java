package org.stripwatch.analyzer.core.alert;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.stripwatch.analyzer.ingest.AlertSink;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Severity;

/** Alerts as JSON lines ({@link AlertJson}) to a file or stdout; alerts below {@code minSeverity} are counted and skipped. */
public final class JsonlAlertSink implements AlertSink, Closeable {
    private final Writer out;
    private final boolean closeUnderlying;
    private final Severity minSeverity;
    private long written, skipped;

    public JsonlAlertSink(Writer out, boolean closeUnderlying, Severity minSeverity) {
        this.out = Objects.requireNonNull(out, "out");
        this.closeUnderlying = closeUnderlying;
        this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
    }

    /** {@code "-"} = stdout (not closed), else a file (created or truncated). */
    public static JsonlAlertSink open(String target, Severity minSeverity) throws IOException {
        return open(target, minSeverity, false);
    }

    /**
     * {@code "-"} = stdout (not closed), else a file, created or truncated, or with {@code append} created or
     * appended to. A line torn by a crash (no final newline) is ended first, so the new lines stay whole.
     */
    public static JsonlAlertSink open(String target, Severity minSeverity, boolean append) throws IOException {
        if (target.equals("-")) return of(System.out, minSeverity);
        Path p = Path.of(target);
        if (!append) return new JsonlAlertSink(Files.newBufferedWriter(p, StandardCharsets.UTF_8), true, minSeverity);
        boolean torn = false;
        if (Files.isRegularFile(p) && Files.size(p) > 0) {
            try (var ch = java.nio.channels.FileChannel.open(p)) {
                java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
                ch.read(last, ch.size() - 1);
                torn = last.get(0) != '\n';
            }
        }
        Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE);
        if (torn) w.write('\n');
        return new JsonlAlertSink(w, true, minSeverity);
    }

    /**
     * The alert ids in an alerts file written before (the last {@code max}), to seed the deduplicator of a
     * restarted analyzer. Lines that are not alerts (a line torn by a crash) are skipped.
     */
    public static java.util.List<String> existingIds(Path file, int max) throws IOException {
        java.util.ArrayDeque<String> ids = new java.util.ArrayDeque<>();
        if (!Files.isRegularFile(file)) return java.util.List.of();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String l : (Iterable<String>) lines::iterator) {
                try {
                    var id = json.readTree(l).get("id");
                    if (id == null || !id.isTextual()) continue;
                    if (ids.size() == max) ids.pollFirst();
                    ids.addLast(id.asText());
                } catch (IOException | RuntimeException torn) {
                    // not an alert line: skipped
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return java.util.List.copyOf(ids);
    }

    public static JsonlAlertSink of(OutputStream stream, Severity minSeverity) {
        return new JsonlAlertSink(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), false, minSeverity);
    }

    @Override
    public void accept(Alert a) {
        if (a.getSeverity().ordinal() < minSeverity.ordinal()) {
            skipped++;
            return;
        }
        try {
            out.write(AlertJson.toJson(a));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long written() {
        return written;
    }

    /** Alerts below the minimum severity. */
    public long skipped() {
        return skipped;
    }

    @Override
    public void close() throws IOException {
        out.flush();
        if (closeUnderlying) out.close();
    }
}
