package org.stripwatch.analyzer.core.baseline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded home of the per-server state: memory while running, one JSON file ({@code DIR/baselines.json})
 * on {@link #flush()}/{@link #close()}. Crash-safe: the file is written to a temporary sibling, forced to disk and
 * atomically renamed over the old one, so a crash leaves either the old or the new file, never half of one.
 * Bounded: at most {@code maxServers} servers (least recently used dropped first), and servers not seen for
 * {@code serverExpiry} of <em>capture</em> time (relative to the newest server seen) are dropped at flush.
 * A corrupt or unreadable file is an error naming the file, never a silent reset; recovery is the operator's
 * explicit choice: move the file aside, and the analyzer starts learning anew.
 */
public final class FileStateStore extends InMemoryStateStore {
    public static final String FILE_NAME = "baselines.json";
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The file's shape: a version and the servers, least recently used first. */
    static final class FileImage {
        public int version = FORMAT_VERSION;
        public Map<String, ServerState> servers = new LinkedHashMap<>();
    }

    private final Path file;
    private final Duration serverExpiry;
    private long expired;

    private FileStateStore(Path file, int maxServers, Duration serverExpiry) {
        super(maxServers);
        this.file = file;
        this.serverExpiry = serverExpiry;
    }

    /** Opens (or creates) the store in {@code dir}. */
    public static FileStateStore open(Path dir, int maxServers, Duration serverExpiry) throws StateStoreException {
        Path f = dir.resolve(FILE_NAME);
        FileStateStore s = new FileStateStore(f, maxServers, serverExpiry);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StateStoreException(dir + ": not a directory (the baseline state needs a directory)", null);
        }
        try {
            Files.createDirectories(dir);
            if (Files.exists(f)) s.load();
        } catch (JsonProcessingException e) {
            throw new StateStoreException(f + ": baseline state file is corrupt (" + e.getOriginalMessage()
                    + "); move it aside to start learning anew", e);
        } catch (IOException e) {
            throw new StateStoreException(f + ": cannot read baseline state: " + describe(e), e);
        }
        return s;
    }

    /** An I/O failure in words, without the exception's class name (user-facing, one line). */
    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.FileAlreadyExistsException x) return x.getFile() + " exists and is not a directory";
        if (e instanceof java.nio.file.FileSystemException x && x.getReason() != null) return x.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public static FileStateStore open(Path dir) throws StateStoreException {
        return open(dir, 100_000, BaselineConfig.DEFAULTS.serverExpiry());
    }

    public Path file() {
        return file;
    }

    private void load() throws IOException {
        FileImage img = JSON.readValue(file.toFile(), FileImage.class);
        if (img == null || img.servers == null) throw new StateStoreException(file + ": baseline state file is empty or not an object; move it aside to start learning anew", null);
        if (img.version != FORMAT_VERSION) throw new StateStoreException(file + ": baseline state format " + img.version
                + " is not " + FORMAT_VERSION + "; move it aside to start learning anew", null);
        for (Map.Entry<String, ServerState> e : img.servers.entrySet()) {
            if (e.getValue() == null) throw new StateStoreException(file + ": null state for " + e.getKey() + "; move the file aside", null);
            map.put(e.getKey(), e.getValue());
        }
    }

    @Override
    public synchronized void flush() throws StateStoreException {
        expire();
        FileImage img = new FileImage();
        img.servers.putAll(map);
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                JSON.writeValue(new NonClosing(out), img);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new StateStoreException(file + ": cannot write baseline state: " + e, e);
        }
    }

    private void expire() {
        long newest = 0;
        for (ServerState s : map.values()) newest = Math.max(newest, s.lastSeen);
        long limit = newest - serverExpiry.toNanos() / 1000;
        int before = map.size();
        map.values().removeIf(s -> s.lastSeen < limit);
        expired += before - map.size();
    }

    /** Servers dropped because they were not seen for {@code serverExpiry}. */
    public long expired() {
        return expired;
    }

    @Override
    public void close() throws StateStoreException {
        flush();
    }

    /** Jackson closes the stream it writes to; the channel must stay open for force(). */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
