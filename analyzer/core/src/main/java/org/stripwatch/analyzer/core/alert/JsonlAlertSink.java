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
        if (target.equals("-")) return of(System.out, minSeverity);
        return new JsonlAlertSink(Files.newBufferedWriter(Path.of(target), StandardCharsets.UTF_8), true, minSeverity);
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
