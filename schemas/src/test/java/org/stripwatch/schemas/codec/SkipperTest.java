package org.stripwatch.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Heartbeat;
import org.stripwatch.schemas.Samples;
import org.stripwatch.schemas.SessionRecord;

/**
 * The compiled skip walk against Avro's own {@code GenericDatumReader.skip}: on valid messages both end
 * exactly at the message end; on damaged ones the compiled walk never accepts what Avro's refuses (it
 * may refuse more: negative lengths).
 */
class SkipperTest {
    private static final int HEADER = 10;

    @Test
    void walksValidMessagesToTheirEnd() throws IOException {
        for (int i = 0; i < 20; i++) {
            assertEnds(SessionRecord.getClassSchema(), AvroCodec.sessions().encode(Samples.session(i)));
        }
        assertEnds(Heartbeat.getClassSchema(), AvroCodec.heartbeats().encode(Samples.heartbeat()));
        assertEnds(Alert.getClassSchema(), AvroCodec.alerts().encode(Samples.alert()));
    }

    @Test
    void neverAcceptsWhatAvroRefuses() {
        Schema schema = SessionRecord.getClassSchema();
        Skipper skipper = new Skipper(schema);
        Random rnd = new Random(8);
        int refusedByBoth = 0;
        for (int k = 0; k < 5_000; k++) {
            byte[] m = AvroCodec.sessions().encode(Samples.session(k % 7));
            int cuts = 1 + rnd.nextInt(3);
            for (int c = 0; c < cuts; c++) m[HEADER + rnd.nextInt(m.length - HEADER)] = (byte) rnd.nextInt(256);
            if (rnd.nextInt(4) == 0) m = java.util.Arrays.copyOf(m, HEADER + rnd.nextInt(m.length - HEADER));
            boolean ours = walks(in -> skipper.skip(in), m);
            boolean avros = walks(in -> GenericDatumReader.skip(schema, in), m);
            if (ours) assertTrue(avros, "accepted a message Avro's skip refuses");
            if (!ours && !avros) refusedByBoth++;
        }
        assertTrue(refusedByBoth > 100, "the damage should make many messages invalid: " + refusedByBoth);
    }

    @Test
    void refusesANegativeLength() {
        // An array of one string (map keys and strings alike): length -1 as zig-zag varint (0x01).
        Schema s = new Schema.Parser().parse("{\"type\":\"array\",\"items\":\"string\"}");
        byte[] body = {0x02, 0x01, 0x00};
        assertThrows(IOException.class, () -> new Skipper(s).skip(DecoderFactory.get().binaryDecoder(body, null)));
    }

    private interface Walk {
        void run(BinaryDecoder in) throws IOException;
    }

    private static boolean walks(Walk w, byte[] m) {
        try {
            BinaryDecoder in = DecoderFactory.get().binaryDecoder(m, HEADER, m.length - HEADER, null);
            w.run(in);
            return in.isEnd();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void assertEnds(Schema schema, byte[] m) throws IOException {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(m, HEADER, m.length - HEADER, null);
        new Skipper(schema).skip(in);
        assertTrue(in.isEnd(), schema.getName());
        assertEquals(true, walks(x -> GenericDatumReader.skip(schema, x), m), schema.getName());
    }
}
