package org.stripwatch.schemas.codec;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;

/**
 * Walks one message body against its writer schema without materialising anything, like Avro's
 * {@code GenericDatumReader.skip}, but with the schema compiled once into a tree of skip steps:
 * Avro's walk interprets the schema on every call and recomputes, per array block, the smallest
 * encoded size of the element type ({@code minBytesPerElement}), which made it half of
 * {@link AvroCodec#decode}'s time (async-profiler, ops/bench/run --kafka).
 *
 * <p>Same bounds as Avro's: every length and item count goes through the {@link BinaryDecoder}, whose
 * system limits (set by {@link AvroCodec}) refuse over-long strings, bytes and blocks, and reading past
 * the message end throws. Every array or map item of our schemas takes at least one byte, so the walk
 * is linear in the message length. Instances are immutable and thread-safe.
 */
final class Skipper {
    private interface Step {
        void skip(BinaryDecoder in) throws IOException;
    }

    private final Step root;

    Skipper(Schema writer) {
        this.root = compile(writer, new IdentityHashMap<>());
    }

    void skip(BinaryDecoder in) throws IOException {
        root.skip(in);
    }

    /**
     * A string or bytes value. The length is checked here: the decoder's own skip would move backwards on
     * a negative length, letting a hostile message re-read itself.
     */
    private static void skipLengthPrefixed(BinaryDecoder in) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > Integer.MAX_VALUE) throw new IOException("bad length " + length);
        in.skipFixed((int) length);
    }

    /** {@code seen}: recursive record types refer to their step through a holder filled after compiling. */
    private static Step compile(Schema s, Map<Schema, Step[]> seen) {
        switch (s.getType()) {
            case NULL:
                return in -> { };
            case BOOLEAN:
                return BinaryDecoder::readBoolean;
            case INT:
                return BinaryDecoder::readInt;
            case LONG:
                return BinaryDecoder::readLong;
            case FLOAT:
                return in -> in.skipFixed(4);
            case DOUBLE:
                return in -> in.skipFixed(8);
            case STRING:
            case BYTES:
                return Skipper::skipLengthPrefixed;
            case FIXED: {
                int size = s.getFixedSize();
                return in -> in.skipFixed(size);
            }
            case ENUM:
                return BinaryDecoder::readEnum;
            case UNION: {
                List<Schema> branches = s.getTypes();
                Step[] steps = new Step[branches.size()];
                for (int i = 0; i < steps.length; i++) steps[i] = compile(branches.get(i), seen);
                return in -> {
                    int i = in.readIndex();
                    if (i < 0 || i >= steps.length) throw new IOException("union index " + i + " out of range");
                    steps[i].skip(in);
                };
            }
            case ARRAY: {
                Step item = compile(s.getElementType(), seen);
                return in -> {
                    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
                        for (long i = 0; i < n; i++) item.skip(in);
                    }
                };
            }
            case MAP: {
                Step value = compile(s.getValueType(), seen);
                return in -> {
                    for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
                        for (long i = 0; i < n; i++) {
                            skipLengthPrefixed(in);
                            value.skip(in);
                        }
                    }
                };
            }
            case RECORD: {
                Step[] holder = seen.get(s);
                if (holder != null) {
                    return in -> holder[0].skip(in);
                }
                Step[] self = new Step[1];
                seen.put(s, self);
                List<Schema.Field> fields = s.getFields();
                Step[] steps = new Step[fields.size()];
                for (int i = 0; i < steps.length; i++) steps[i] = compile(fields.get(i).schema(), seen);
                self[0] = in -> {
                    for (Step f : steps) f.skip(in);
                };
                return self[0];
            }
            default:
                throw new IllegalArgumentException("unsupported Avro type " + s.getType());
        }
    }
}
