package org.stripwatch.sensor.capture;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One anomaly found while reading a capture file: where it is and what it is. Notices are values,
 * so the CLI can print "file X: truncated_record at offset N" and tests can assert on them; the
 * matching counters are in {@link CaptureStats}.
 *
 * @param file   the file concerned
 * @param offset byte offset of the record or block concerned, in the (decompressed) capture stream
 * @param kind   what was found
 */
public record CaptureNotice(Path file, long offset, Kind kind) {
    public CaptureNotice {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
    }

    /** One line for people: {@code file X: truncated_record at offset N (input ends inside ...)}. */
    public String describe() {
        return "file " + file + ": " + kind.wireName() + " at offset " + offset + " (" + kind.meaning() + ")";
    }

    /** What was found; wire names are stable snake_case identifiers. */
    public enum Kind {
        /** Counted in {@code truncatedInputs}; reading of the file ends there. */
        TRUNCATED_RECORD("truncated_record",
                "input ends inside a record or block (draft-ietf-opsawg-pcap s5, draft-ietf-opsawg-pcapng s3.1)"),
        TRUNCATED_FILE_HEADER("truncated_file_header",
                "input ends inside the 24-byte file header (draft-ietf-opsawg-pcap s4)"),
        GZIP_CORRUPT("gzip_corrupt", "gzip stream ends early or fails its checks (RFC 1952 s2.3)"),
        /** Counted in {@code damagedRecords}; reading of the file ends there. */
        CAPLEN_TOO_LARGE("caplen_too_large",
                "captured length above the configured sanity bound (libpcap's 262144-byte maximum)"),
        /** Counted in {@code damagedRecords}; reading of the file ends there. */
        BAD_BLOCK_LENGTH("bad_block_length",
                "Block Total Length below 12, not a multiple of 4, or above the bound (draft-ietf-opsawg-pcapng s3.1)"),
        /** Counted in {@code damagedRecords}; reading of the file ends there. */
        BLOCK_LENGTH_MISMATCH("block_length_mismatch",
                "trailing Block Total Length differs from the leading one (draft-ietf-opsawg-pcapng s3.1)"),
        /** Counted in {@code damagedRecords}; reading of the file ends there. */
        BAD_BYTE_ORDER_MAGIC("bad_byte_order_magic",
                "Section Header Block without 0x1A2B3C4D (draft-ietf-opsawg-pcapng s4.1)"),
        /** Counted in {@code damagedRecords}; the block is skipped. */
        UNKNOWN_INTERFACE("unknown_interface",
                "packet names an interface with no Interface Description Block in its section (draft-ietf-opsawg-pcapng s4.3)"),
        /** Counted in {@code damagedRecords}; the block is skipped. */
        PACKET_EXCEEDS_BLOCK("packet_exceeds_block",
                "Captured Packet Length runs past the end of its block (draft-ietf-opsawg-pcapng s4.3)"),
        /** Counted in {@code damagedRecords}; the interface is ignored. */
        TOO_MANY_INTERFACES("too_many_interfaces", "more Interface Description Blocks in one section than configured"),
        BAD_OPTION("bad_option", "option runs past the end of its block; remaining options ignored (draft-ietf-opsawg-pcapng s3.5)"),
        CAPLEN_EXCEEDS_SNAPLEN("caplen_exceeds_snaplen",
                "CapLen above the file's SnapLen (draft-ietf-opsawg-pcap s5); delivered as libpcap does"),
        WIRE_LENGTH_BELOW_CAPLEN("wire_length_below_caplen", "original length below the captured length (draft-ietf-opsawg-pcap s5)"),
        TIMESTAMP_OUT_OF_RANGE("timestamp_out_of_range",
                "timestamp does not fit in signed 64-bit nanoseconds since 1970; delivered saturated"),
        NO_TIMESTAMP("no_timestamp",
                "Simple Packet Block carries no timestamp (draft-ietf-opsawg-pcapng s4.4); previous timestamp used"),
        FCS_PRESENT("fcs_present",
                "LinkType field announces a frame check sequence at the end of each frame (draft-ietf-opsawg-pcap s4)"),
        NOT_A_CAPTURE_SKIPPED("not_a_capture_skipped", "file in a directory is not a pcap/pcapng capture; skipped"),
        UNREADABLE_SKIPPED("unreadable_skipped", "file in a directory cannot be opened or is empty; skipped");

        private final String wireName;
        private final String meaning;

        Kind(String wireName, String meaning) {
            this.wireName = wireName;
            this.meaning = meaning;
        }

        public String wireName() {
            return wireName;
        }

        public String meaning() {
            return meaning;
        }
    }
}
