package org.stripwatch.sensor.reassembly;

/**
 * Zeek's conn.log history letters (scripts/base/protocols/conn/main.zeek), each recorded once per
 * direction: upper case when the client sent it, lower case when the server did.
 * <pre>
 *  S  SYN without ACK          H  SYN with ACK           A  pure ACK
 *  D  packet with payload      F  FIN                    R  RST
 *  T  retransmitted payload    G  content gap            W  zero window
 *  C  bad checksum (only when checksums are verified)
 *  ^  client/server picked by port (no SYN seen)
 * </pre>
 * stripwatch adds: {@code O} overlap with conflicting bytes, {@code X} RST ignored (out of window),
 * {@code U} urgent data, {@code L} packet after close, {@code V} data beyond the receiver's window
 * (dropped).
 */
final class History {
    private final StringBuilder letters = new StringBuilder(12);
    private int seenClient, seenServer; // bit per letter, 'A'..'Z' plus '^'

    void add(char upper, boolean fromClient) {
        int bit = upper == '^' ? 1 << 26 : 1 << (upper - 'A');
        if (fromClient) {
            if ((seenClient & bit) != 0) return;
            seenClient |= bit;
            letters.append(upper);
        } else {
            if ((seenServer & bit) != 0) return;
            seenServer |= bit;
            letters.append(upper == '^' ? '^' : Character.toLowerCase(upper));
        }
    }

    @Override
    public String toString() {
        return letters.toString();
    }
}
