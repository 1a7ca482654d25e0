package org.stripwatch.schemas.codec;

/**
 * Why a Kafka message could not be decoded. Values, never exceptions: a consumer loop counts them and
 * moves on (or dead-letters the message).
 */
public enum DecodeFailure {
    /** Null or zero-length value (a tombstone or a producer bug). */
    EMPTY("empty"),
    /** Does not start with the single-object marker C3 01 (Avro specification, "Single-object encoding"). */
    BAD_HEADER("bad_header"),
    /** Marker present, but the 8-byte CRC-64-AVRO fingerprint names no schema this reader knows: a newer writer (deploy readers first) or another record type on the topic. */
    UNKNOWN_FINGERPRINT("unknown_fingerprint"),
    /** Header and schema known, body truncated or not valid for the writer schema. */
    MALFORMED("malformed");

    private final String wireName;

    DecodeFailure(String wireName) {
        this.wireName = wireName;
    }

    /** snake_case name for counters and logs. */
    public String wireName() {
        return wireName;
    }
}
