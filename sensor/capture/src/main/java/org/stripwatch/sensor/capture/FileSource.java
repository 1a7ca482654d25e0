package org.stripwatch.sensor.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * Frames from capture files, read in order: pcap (both byte orders, micro- or nanosecond), pcapng
 * (several sections and interfaces), either of them gzip-compressed. Uncompressed regular files are
 * memory-mapped and never copied; the frame handed to the sink is a view into the mapping.
 *
 * <p>{@link #open} resolves the paths up front so that a bad command line fails before any packet
 * is read: a directory contributes its regular files, recursively, sorted by path; files in it that
 * are not captures are skipped with a notice. A named file that is missing, unreadable, empty or not
 * a capture, or a directory without captures, is a {@link CaptureException}.
 *
 * <p>Damage inside a capture never throws: it is counted in {@link #stats()}, described in
 * {@link #notices()}, and the frames before it are delivered.
 */
public final class FileSource implements PacketSource {
    private final List<Path> files;
    private final FileSourceConfig config;
    private final ReadContext ctx;
    private final Counters counters = new Counters();
    private long skippedFiles;

    private FileSource(FileSourceConfig config) {
        this.config = config;
        this.ctx = new ReadContext(config, counters);
        this.files = new ArrayList<>();
    }

    public static FileSource open(List<Path> paths) throws CaptureException {
        return open(paths, FileSourceConfig.DEFAULT);
    }

    /** Resolves {@code paths} (files and directories) and checks that each named file is a capture. */
    public static FileSource open(List<Path> paths, FileSourceConfig config) throws CaptureException {
        Objects.requireNonNull(config, "config");
        if (paths.isEmpty()) {
            throw new CaptureException("no capture files given");
        }
        FileSource source = new FileSource(config);
        for (Path path : paths) {
            source.add(path);
        }
        return source;
    }

    private void add(Path path) throws CaptureException {
        if (!Files.exists(path)) {
            throw new CaptureException("capture file " + path + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            addDirectory(path);
            return;
        }
        if (Files.isRegularFile(path)) {
            String problem = probe(path);
            if (problem != null) {
                throw new CaptureException("capture file " + path + ": " + problem);
            }
        }
        // Pipes and devices are not probed: that would consume their first bytes.
        files.add(path);
    }

    private void addDirectory(Path dir) throws CaptureException {
        List<Path> regular;
        try (Stream<Path> walk = Files.walk(dir)) {
            regular = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new CaptureException("capture directory " + dir + ": " + CaptureFiles.describe(io), io);
        }
        int added = 0;
        for (Path file : regular) {
            String problem = probe(file);
            if (problem == null) {
                files.add(file);
                added++;
            } else {
                skippedFiles++;
                boolean notCapture = problem.startsWith("not a");
                ctx.notice(file, 0, notCapture ? CaptureNotice.Kind.NOT_A_CAPTURE_SKIPPED
                        : CaptureNotice.Kind.UNREADABLE_SKIPPED);
            }
        }
        if (added == 0) {
            throw new CaptureException("capture directory " + dir + ": no pcap or pcapng files among its "
                    + regular.size() + " regular files");
        }
    }

    /** Null if {@code file} opens as a capture, else the one-line problem. */
    private String probe(Path file) {
        try {
            CaptureFiles.Opened opened = CaptureFiles.open(file, config);
            opened.input().close();
            return opened.problem();
        } catch (IOException e) {
            return CaptureFiles.describe(e);
        }
    }

    /** The files to be read, in order. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /** Files found in directories and skipped because they are not captures (see {@link #notices()}). */
    public long skippedFiles() {
        return skippedFiles;
    }

    @Override
    public void run(PacketSink sink) throws CaptureException {
        Objects.requireNonNull(sink, "sink");
        ctx.start(sink);
        for (Path file : files) {
            if (ctx.stopped()) {
                return;
            }
            readFile(file);
        }
    }

    private void readFile(Path file) throws CaptureException {
        ctx.file(file);
        CaptureFiles.Opened opened;
        try {
            opened = CaptureFiles.open(file, config);
        } catch (IOException e) {
            throw new CaptureException("capture file " + file + ": " + CaptureFiles.describe(e), e);
        }
        counters.input();
        try (RecordInput input = opened.input()) {
            if (opened.problem() != null) {
                throw new CaptureException("capture file " + file + ": " + opened.problem());
            }
            CaptureReader reader = opened.format() == CaptureFiles.Format.PCAP
                    ? new PcapReader(input, ctx) : new PcapngReader(input, ctx);
            read(reader);
        } catch (IOException e) {
            throw new CaptureException("capture file " + file + ": read error: " + CaptureFiles.describe(e), e);
        }
    }

    /** A gzip stream that ends early or fails its CRC is a truncated input, like a cut pcap. */
    private void read(CaptureReader reader) throws IOException {
        try {
            reader.read();
        } catch (EOFException | ZipException e) {
            ctx.truncated(reader.position(), CaptureNotice.Kind.GZIP_CORRUPT);
        }
    }

    @Override
    public void stop() {
        ctx.stop();
    }

    @Override
    public CaptureStats stats() {
        return counters.snapshot();
    }

    /** Anomalies found so far, oldest first, at most {@link FileSourceConfig#maxNotices()}. */
    public List<CaptureNotice> notices() {
        return ctx.notices();
    }

    /** Notices not kept because the list was full. */
    public long noticesDropped() {
        return ctx.noticesDropped();
    }

    @Override
    public void close() {
        stop();
    }
}
