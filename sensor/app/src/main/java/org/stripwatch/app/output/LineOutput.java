package org.stripwatch.app.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JSON-lines output (UTF-8): a file, or standard output for "-". */
public final class LineOutput implements AutoCloseable {
    private final OutputStream out;
    private final String name;
    private final boolean stdout;
    private long lines;

    private LineOutput(OutputStream out, String name, boolean stdout) {
        this.out = out;
        this.name = name;
        this.stdout = stdout;
    }

    /** Opens {@code target} for writing; the message of the exception names the file and the problem. */
    public static LineOutput open(String target) throws IOException {
        if ("-".equals(target)) {
            return new LineOutput(new BufferedOutputStream(System.out, 1 << 16), "standard output", true);
        }
        Path p = Path.of(target);
        try {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IOException(target + ": directory " + parent + " does not exist");
            }
            return new LineOutput(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16), target, false);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(target + ": permission denied");
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException(target + ": " + (e.getReason() == null ? "cannot be written" : e.getReason()));
        }
    }

    public void write(String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Writes the record {@code json} holds as one line, and resets it for the next record. */
    public void write(JsonWriter json) {
        try {
            json.writeLine(out);
            lines++;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static final byte[] ID_PREFIX = "{\"id\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * Writes {@code line}, one record rendered by {@link JsonWriter#takeLine} whose first field is
     * {@code "id":renderedId}, with {@code id} in its place (a sharded run renumbers connections when
     * it merges the workers' rendered lines).
     */
    public void write(byte[] line, long renderedId, long id) {
        try {
            if (id == renderedId) {
                out.write(line);
            } else {
                int skip = ID_PREFIX.length + Long.toString(renderedId).length();
                if (!startsWith(line, ID_PREFIX) || line.length < skip) {
                    throw new IllegalArgumentException("not a line that starts with its id");
                }
                out.write(ID_PREFIX);
                out.write(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
                out.write(line, skip, line.length - skip);
            }
            lines++;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        return java.util.Arrays.equals(line, 0, Math.min(prefix.length, line.length), prefix, 0, prefix.length);
    }

    private UncheckedIOException failed(IOException e) {
        return new UncheckedIOException(name + ": write failed: " + e.getMessage(), e);
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
