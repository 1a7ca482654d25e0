package org.stripwatch.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Heartbeat;
import org.stripwatch.schemas.SessionRecord;

/**
 * Avro single-object encoding of one record type: {@code C3 01}, the 8-byte little-endian CRC-64-AVRO
 * fingerprint of the writer schema, then the binary body (Avro specification, "Single-object encoding").
 * The fingerprint lets a consumer read a message without a schema registry.
 *
 * <p>The decoder knows the current schema and every released version shipped in this jar
 * ({@code org/stripwatch/schemas/released/vN/<Name>.avsc}), so a reader decodes messages from sensors
 * one or more releases behind it. A message from a newer writer has an unknown fingerprint: readers are
 * deployed before writers.
 *
 * <p>{@link #decode} never throws: corrupt, truncated, foreign or unknown-fingerprint input becomes a
 * {@link Decoded} failure and is counted per {@link DecodeFailure}. Instances are thread-safe.
 */
public final class AvroCodec<T extends SpecificRecord> {
    static {
        // A block of an array may claim a huge item count with a small byte size: Avro's skip walks
        // over it by size, the real reader then allocates by count. Avro's own limits stop that
        // (read once, when its SystemLimitException class loads: set here, before any decoding).
        // Found by AvroCodecFuzzTest (OutOfMemoryError); our records hold a few hundred items at most.
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", "100000");
        setIfAbsent("org.apache.avro.limits.collectionItems.maxAllocation", "1000000");
        // The same trick with a string or bytes length inside a skipped block (fuzzer: OOM in
        // Utf8.setByteLength). No field of ours comes near these (a certificate's DER is KiBs).
        setIfAbsent("org.apache.avro.limits.string.maxLength", "1048576");
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", "4194304");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    static final String RELEASED_PREFIX = "/org/stripwatch/schemas/released/v";
    private static final int MAX_RELEASES = 1000;
    private static final int MAX_REASON = 200;
    private static final int HEADER_LENGTH = 10;

    /**
     * Decoders over the message's byte array, reused per thread. Avro's {@code BinaryMessageDecoder} reads
     * through a {@code ByteArrayInputStream} and a {@code DirectBinaryDecoder}, one virtual call per byte:
     * a third of the analyzer's ingest thread (async-profiler, ops/bench/run --kafka). The buffered decoder
     * on the array reads the same bytes with the same resolution rules. (A thread's decoder keeps a
     * reference to the last message it read until the next one: one message per thread.)
     */
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();
    private static final ThreadLocal<BinaryDecoder> SKIPPERS = new ThreadLocal<>();

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final AtomicLongArray failures = new AtomicLongArray(DecodeFailure.values().length);
    private final List<Schema> knownWriters;
    private final Map<Long, Schema> writersByFingerprint = new HashMap<>();
    private final Map<Long, Skipper> skippersByFingerprint = new HashMap<>();
    /** Writer schema -> reader schema resolution, one datum reader per known writer (thread-safe, as Avro's own). */
    private final Map<Long, DatumReader<T>> readersByFingerprint = new HashMap<>();

    private AvroCodec(Schema schema, SpecificData model, BinaryMessageEncoder<T> encoder, List<Schema> olderWriters) {
        this.schema = schema;
        this.encoder = encoder;
        List<Schema> writers = new ArrayList<>();
        writers.add(schema);
        writers.addAll(olderWriters);
        for (Schema w : writers) {
            long fp = SchemaNormalization.parsingFingerprint64(w);
            writersByFingerprint.put(fp, w);
            skippersByFingerprint.put(fp, new Skipper(w));
            readersByFingerprint.put(fp, new SpecificDatumReader<>(w, schema, model));
        }
        this.knownWriters = Collections.unmodifiableList(writers);
    }

    /** Codec for {@link SessionRecord} (sessions topic). */
    public static AvroCodec<SessionRecord> sessions() {
        return new AvroCodec<>(SessionRecord.getClassSchema(), new SessionRecord().getSpecificData(),
                SessionRecord.getEncoder(), released(SessionRecord.getClassSchema()));
    }

    /** Heartbeat codec that also knows the given writer schemas (tests of schema resolution). */
    static AvroCodec<Heartbeat> heartbeatsWith(List<Schema> releases) {
        return new AvroCodec<>(Heartbeat.getClassSchema(), new Heartbeat().getSpecificData(), Heartbeat.getEncoder(), releases);
    }

    /** Codec for {@link Heartbeat} (heartbeats topic). */
    public static AvroCodec<Heartbeat> heartbeats() {
        return new AvroCodec<>(Heartbeat.getClassSchema(), new Heartbeat().getSpecificData(),
                Heartbeat.getEncoder(), released(Heartbeat.getClassSchema()));
    }

    /** Codec for {@link Alert} (alerts topic). */
    public static AvroCodec<Alert> alerts() {
        return new AvroCodec<>(Alert.getClassSchema(), new Alert().getSpecificData(),
                Alert.getEncoder(), released(Alert.getClassSchema()));
    }

    /**
     * Encodes a record built by this code base. A failure here is a bug in the caller (a required field
     * left null), reported as {@link IllegalArgumentException}.
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        try {
            ByteBuffer buf = encoder.encode(record);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + schema.getName() + ": " + e, e);
        }
    }

    /** Decodes one message value; never throws. */
    public Decoded<T> decode(byte[] message) {
        if (message == null || message.length == 0) {
            return fail(DecodeFailure.EMPTY, "empty message");
        }
        if (message.length < HEADER_LENGTH || message[0] != (byte) 0xC3 || message[1] != 0x01) {
            return fail(DecodeFailure.BAD_HEADER, "no single-object marker C3 01");
        }
        long fingerprint = fingerprintOf(message);
        Schema writer = writersByFingerprint.get(fingerprint);
        if (writer == null) {
            return fail(DecodeFailure.UNKNOWN_FINGERPRINT, "fingerprint " + Long.toHexString(fingerprintOf(message)));
        }
        String invalid = validate(skippersByFingerprint.get(fingerprint), message);
        if (invalid != null) {
            return fail(DecodeFailure.MALFORMED, invalid);
        }
        try {
            BinaryDecoder in = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH,
                    DECODERS.get());
            DECODERS.set(in);
            T value = readersByFingerprint.get(fingerprint).read(null, in);
            if (value == null) {
                return fail(DecodeFailure.MALFORMED, "decoder returned null");
            }
            return Decoded.ok(value);
        } catch (IOException | RuntimeException e) {
            // Truncation (EOFException), bad union/enum index, negative or over-limit lengths
            // (SystemLimitException), invalid UTF-8 surrogates...: hostile bytes are a value here.
            return fail(DecodeFailure.MALFORMED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** How often each failure was seen since this codec was created. */
    public Map<DecodeFailure, Long> failureCounts() {
        Map<DecodeFailure, Long> m = new EnumMap<>(DecodeFailure.class);
        for (DecodeFailure f : DecodeFailure.values()) {
            m.put(f, failures.get(f.ordinal()));
        }
        return m;
    }

    public long failures(DecodeFailure f) {
        return failures.get(f.ordinal());
    }

    /** The current (reader) schema. */
    public Schema schema() {
        return schema;
    }

    /** Writer schemas this codec can decode: the current one first, then released ones. */
    public List<Schema> knownWriterSchemas() {
        return knownWriters;
    }

    /** CRC-64-AVRO fingerprint of the current schema, as written in bytes 2..9 of every message (little-endian). */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /**
     * Walks the body against the writer schema without materialising anything ({@link Skipper}: Avro's
     * skip compiled per schema; it allocates nothing and bounds every length by the bytes present), and
     * requires it to end exactly at the end of the message. Only then does the real decoder run: it allocates strings and
     * collections at the lengths the message claims, and a hostile 2 GiB length prefix must never
     * reach it (observed: OutOfMemoryError in {@code Utf8.setByteLength} on a mutated message).
     * Every array or map item in our schemas takes at least one byte, so the walk is linear in the
     * message length.
     *
     * @return null when valid, else a one-line reason
     */
    private static String validate(Skipper writer, byte[] message) {
        try {
            BinaryDecoder in = DecoderFactory.get().binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH,
                    SKIPPERS.get());
            SKIPPERS.set(in);
            writer.skip(in);
            return in.isEnd() ? null : "trailing bytes after the record";
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Bytes 2..9: CRC-64-AVRO fingerprint, little-endian (Avro specification, "Single-object encoding"). */
    private static long fingerprintOf(byte[] m) {
        long fp = 0;
        for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
            fp = (fp << 8) | (m[i] & 0xff);
        }
        return fp;
    }

    private Decoded<T> fail(DecodeFailure f, String reason) {
        failures.incrementAndGet(f.ordinal());
        String r = reason == null ? "" : reason;
        return Decoded.failed(f, r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "..." : r);
    }

    /** Every released version of {@code current}'s schema shipped on the classpath, oldest first. */
    static List<Schema> released(Schema current) {
        List<Schema> out = new ArrayList<>();
        for (int v = 1; v <= MAX_RELEASES; v++) {
            String path = RELEASED_PREFIX + v + "/" + current.getName() + ".avsc";
            try (InputStream in = AvroCodec.class.getResourceAsStream(path)) {
                if (in == null) {
                    break;
                }
                out.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + path, e);
            }
        }
        return out;
    }

}
