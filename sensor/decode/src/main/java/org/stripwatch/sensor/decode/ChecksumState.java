package org.stripwatch.sensor.decode;

/**
 * Whether a segment's TCP checksum was checked. A receiver silently drops a segment with a bad
 * checksum (RFC 9293 §3.1), so a reassembler must not let it change the stream: a sensor that
 * accepts what the host drops is open to insertion (Ptacek &amp; Newsham 1998 §3.2).
 */
public enum ChecksumState {
    /** Not checked: verification off, or the segment not fully captured. */
    UNKNOWN,
    OK,
    BAD
}
