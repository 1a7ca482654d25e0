package org.stripwatch.schemas.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Heartbeat;
import org.stripwatch.schemas.Samples;
import org.stripwatch.schemas.SessionRecord;

class AvroCodecTest {
    private final AvroCodec<SessionRecord> sessions = AvroCodec.sessions();

    @Test
    void roundTripsEveryType() {
        SessionRecord s = Samples.session(7);
        assertEquals(s, sessions.decode(sessions.encode(s)).value().orElseThrow());
        Heartbeat h = Samples.heartbeat();
        AvroCodec<Heartbeat> hc = AvroCodec.heartbeats();
        assertEquals(h, hc.decode(hc.encode(h)).value().orElseThrow());
        Alert a = Samples.alert();
        AvroCodec<Alert> ac = AvroCodec.alerts();
        assertEquals(a, ac.decode(ac.encode(a)).value().orElseThrow());
    }

    @Test
    void messageStartsWithMarkerAndFingerprint() {
        byte[] m = sessions.encode(Samples.session(1));
        assertEquals((byte) 0xC3, m[0]);
        assertEquals((byte) 0x01, m[1]);
        long fp = 0;
        for (int i = 9; i >= 2; i--) {
            fp = (fp << 8) | (m[i] & 0xff);
        }
        assertEquals(SchemaNormalization.parsingFingerprint64(SessionRecord.getClassSchema()), fp);
        assertEquals(sessions.fingerprint(), fp);
    }

    @Test
    void emptyAndForeignBytesAreValues() {
        assertEquals(DecodeFailure.EMPTY, sessions.decode(null).failure().orElseThrow());
        assertEquals(DecodeFailure.EMPTY, sessions.decode(new byte[0]).failure().orElseThrow());
        assertEquals(DecodeFailure.BAD_HEADER, sessions.decode("{\"json\":1}".getBytes()).failure().orElseThrow());
        assertEquals(DecodeFailure.BAD_HEADER, sessions.decode(new byte[] {(byte) 0xC3}).failure().orElseThrow());
        assertEquals(2, sessions.failures(DecodeFailure.EMPTY));
    }

    @Test
    void anotherRecordTypeOnTheTopicIsAnUnknownFingerprint() {
        byte[] hb = AvroCodec.heartbeats().encode(Samples.heartbeat());
        Decoded<SessionRecord> d = sessions.decode(hb);
        assertFalse(d.isOk());
        assertEquals(DecodeFailure.UNKNOWN_FINGERPRINT, d.failure().orElseThrow());
        assertEquals(1, sessions.failureCounts().get(DecodeFailure.UNKNOWN_FINGERPRINT));
    }

    @Test
    void readsDataWrittenWithAReleasedSchemaThatDiffersFromTheCurrentOne() throws Exception {
        // A real v1 writer: the current sample projected onto the released v1 schema (Avro schema
        // resolution drops the fields added since), then single-object encoded with v1's fingerprint.
        Schema v1 = AvroCodec.released(SessionRecord.getClassSchema()).get(0);
        assertTrue(v1.getFields().size() < SessionRecord.getClassSchema().getFields().size());
        assertTrue(sessions.knownWriterSchemas().contains(v1));
        SessionRecord current = Samples.session(4);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(raw, null);
        new org.apache.avro.specific.SpecificDatumWriter<SessionRecord>(SessionRecord.getClassSchema()).write(current, enc);
        enc.flush();
        GenericRecord asV1 = new org.apache.avro.generic.GenericDatumReader<GenericRecord>(
                SessionRecord.getClassSchema(), v1).read(null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(raw.toByteArray(), null));
        byte[] v1Bytes = toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(asV1));

        SessionRecord back = sessions.decode(v1Bytes).value().orElseThrow();
        assertEquals(current.getServerPort(), back.getServerPort());
        assertEquals(current.getFindings().size(), back.getFindings().size());
        assertEquals("starttls", back.getMode().toString(), "a field added after v1 takes its default");
        assertTrue(back.getAnomalies().isEmpty());
    }

    @Test
    void olderWriterWithFewerFieldsIsResolved() throws Exception {
        // Writer schema = current minus the last field (which has a default): a stand-in for an old release.
        Schema cur = Heartbeat.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : cur.getFields()) {
            if (!f.name().equals("counters")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema old = Schema.createRecord(cur.getName(), cur.getDoc(), cur.getNamespace(), false, fields);
        GenericRecord r = new GenericData.Record(old);
        r.put("sensor_id", "s");
        r.put("time", 5L);
        for (String f : new String[] {"packets", "drops", "flows", "sessions", "findings", "spool_records",
                "spool_bytes", "spool_dropped_records", "publish_failures"}) {
            r.put(f, 1L);
        }
        byte[] bytes = toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(r));
        AvroCodec<Heartbeat> plain = AvroCodec.heartbeats();
        assertEquals(DecodeFailure.UNKNOWN_FINGERPRINT, plain.decode(bytes).failure().orElseThrow());
        Heartbeat h = AvroCodec.heartbeatsWith(List.of(old)).decode(bytes).value().orElseThrow();
        assertEquals("s", h.getSensorId());
        assertEquals(1L, h.getPublishFailures());
        assertTrue(h.getCounters().isEmpty(), "field missing in the writer takes its default");
    }

    @Test
    void everyTruncationIsAValueNeverAnException() {
        byte[] m = sessions.encode(Samples.session(3));
        for (int len = 0; len < m.length; len++) {
            Decoded<SessionRecord> d = sessions.decode(Arrays.copyOf(m, len));
            assertFalse(d.isOk(), "truncated at " + len + " decoded");
        }
    }

    @Test
    void trailingBytesAreMalformed() {
        byte[] m = sessions.encode(Samples.session(3));
        byte[] longer = Arrays.copyOf(m, m.length + 1);
        assertEquals(DecodeFailure.MALFORMED, sessions.decode(longer).failure().orElseThrow());
    }

    @Test
    void hugeLengthPrefixIsRejectedBeforeAllocation() {
        // Header + sensor_id claiming a 1 GiB string (zig-zag varint of 2^30): must not allocate.
        byte[] m = sessions.encode(Samples.session(3));
        byte[] x = Arrays.copyOf(m, 15);
        x[10] = (byte) 0x80; x[11] = (byte) 0x80; x[12] = (byte) 0x80; x[13] = (byte) 0x80; x[14] = 0x08;
        assertEquals(DecodeFailure.MALFORMED, sessions.decode(x).failure().orElseThrow());
    }

    @Test
    void randomMutationsNeverThrow() {
        Random rnd = new Random(0x5712_1915L);
        byte[] m = sessions.encode(Samples.session(3));
        int ok = 0;
        for (int iter = 0; iter < 20_000; iter++) {
            byte[] x = m.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                // Keep the header most of the time so the body parser is exercised.
                int pos = iter % 10 == 0 ? rnd.nextInt(x.length) : 10 + rnd.nextInt(x.length - 10);
                x[pos] = (byte) rnd.nextInt(256);
            }
            if (sessions.decode(x).isOk()) {
                ok++;
            }
        }
        long malformed = sessions.failures(DecodeFailure.MALFORMED);
        assertTrue(malformed > 1000, "body parser not reached: " + malformed);
        assertTrue(ok > 0, "some mutations land in string bytes and still decode");
    }

    private static byte[] toArray(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
