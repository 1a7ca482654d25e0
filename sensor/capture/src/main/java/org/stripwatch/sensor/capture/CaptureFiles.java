package org.stripwatch.sensor.capture;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opening one capture file: regular files are memory-mapped, gzip files (recognised by their magic
 * 1f 8b, RFC 1952 s2.3.1, never by name) and pipes are streamed; the format is recognised by the
 * first four (decompressed) bytes. Problems that make a file unreadable become one-line messages.
 */
final class CaptureFiles {
    enum Format { PCAP, PCAPNG }

    /** An opened input and its format, or why it is not a capture. */
    record Opened(RecordInput input, Format format, String problem) {
    }

    private CaptureFiles() {
    }

    /** Opens and recognises {@code path}; the caller closes {@code input} (also when problem != null). */
    static Opened open(Path path, FileSourceConfig config) throws IOException {
        RecordInput input = Files.isRegularFile(path) ? openRegular(path, config) : openStream(path, config);
        try {
            return recognise(input);
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    private static RecordInput openRegular(Path path, FileSourceConfig config) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            ByteBuffer head = ByteBuffer.allocate(2);
            channel.read(head, 0);
            if (head.position() == 2 && isGzip(head.get(0), head.get(1))) {
                return gzip(Channels.newInputStream(channel), config);
            }
            return new MappedInput(channel, channel.size(), config.windowBytes());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Pipes and devices (e.g. {@code <(zcat x)}, /dev/stdin) cannot be mapped; peek for gzip instead.
     * FileInputStream, not Files.newInputStream: the latter's available() seeks, which fails on a
     * pipe ("Illegal seek"), and GZIPInputStream calls available() at the end of each member.
     */
    private static RecordInput openStream(Path path, FileSourceConfig config) throws IOException {
        PushbackInputStream in = new PushbackInputStream(openFileInputStream(path), 2);
        try {
            byte[] head = in.readNBytes(2);
            in.unread(head);
            if (head.length == 2 && isGzip(head[0], head[1])) {
                return gzip(in, config);
            }
            return new StreamInput(in, streamBuffer(config));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static InputStream openFileInputStream(Path path) throws IOException {
        try {
            return new FileInputStream(path.toFile());
        } catch (FileNotFoundException e) {
            // FileInputStream reports every failure this way; let NIO name the actual reason
            Files.newInputStream(path).close();
            throw e;
        }
    }

    private static boolean isGzip(byte b0, byte b1) {
        return b0 == (byte) 0x1f && b1 == (byte) 0x8b;
    }

    private static RecordInput gzip(InputStream raw, FileSourceConfig config) throws IOException {
        try {
            return new StreamInput(new GZIPInputStream(raw, 64 * 1024), streamBuffer(config));
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new NotCaptureException("starts with the gzip magic 1f 8b but has no valid gzip header");
        }
    }

    private static int streamBuffer(FileSourceConfig config) {
        return config.maxBlockLength() + FileSourceConfig.WINDOW_SLACK;
    }

    private static Opened recognise(RecordInput input) throws IOException {
        if (!input.ensure(0, 1)) {
            return new Opened(input, null, "empty file");
        }
        if (!input.ensure(0, 4)) {
            return new Opened(input, null, "not a capture: only " + describeHead(input) + " then end of file");
        }
        int magic = input.buf().getInt(input.index(0));
        if (magic == PcapngReader.SHB) {
            return new Opened(input, Format.PCAPNG, null);
        }
        if (PcapReader.isMagic(magic)) {
            return new Opened(input, Format.PCAP, null);
        }
        return new Opened(input, null, "not a pcap or pcapng capture: it starts with " + describeHead(input));
    }

    /** Up to 8 first bytes in hex, plus their printable ASCII, e.g. {@code 3c 21 44 4f ("<!DO")}. */
    private static String describeHead(RecordInput input) throws IOException {
        int n = 8;
        while (n > 0 && !input.ensure(0, n)) {
            n--;
        }
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < n; k++) {
            int v = input.buf().getUnsignedByte(input.index(0) + k);
            hex.append(k == 0 ? "" : " ").append(String.format("%02x", v));
            text.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
        }
        return hex + " (\"" + text + "\")";
    }

    /** The one-line reason for an I/O failure on {@code path}, without a stack trace. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "not readable (permission denied)";
        }
        if (e instanceof NotCaptureException) {
            return e.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }

    /** A file that is readable but not a capture; the message says why. */
    static final class NotCaptureException extends IOException {
        private static final long serialVersionUID = 1L;

        NotCaptureException(String message) {
            super(message);
        }
    }
}
