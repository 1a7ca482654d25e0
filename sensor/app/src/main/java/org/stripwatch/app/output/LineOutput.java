package org.stripwatch.app.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JSON-lines output: a file, or standard output for "-". */
public final class LineOutput implements AutoCloseable {
    private final Writer out;
    private final String name;
    private final boolean stdout;
    private long lines;

    private LineOutput(Writer out, String name, boolean stdout) {
        this.out = out;
        this.name = name;
        this.stdout = stdout;
    }

    /** Opens {@code target} for writing; the message of the exception names the file and the problem. */
    public static LineOutput open(String target) throws IOException {
        if ("-".equals(target)) {
            return new LineOutput(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
                    1 << 16), "standard output", true);
        }
        Path p = Path.of(target);
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IOException(target + ": directory " + parent + " does not exist");
            }
            return new LineOutput(Files.newBufferedWriter(p, StandardCharsets.UTF_8), target, false);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(target + ": permission denied");
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException(target + ": " + (e.getReason() == null ? "cannot be written" : e.getReason()));
        }
    }

    public void write(String line) {
        try {
            out.write(line);
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": write failed: " + e.getMessage(), e);
        }
    }

    public long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        if (stdout) out.flush();
        else out.close();
    }
}
