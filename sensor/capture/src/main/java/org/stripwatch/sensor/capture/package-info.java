/**
 * Capture: where frames enter the sensor, from files or (in {@code .live}) from an interface.
 *
 * <p>{@link org.stripwatch.sensor.capture.FileSource} reads classic pcap files
 * (draft-ietf-opsawg-pcap: both byte orders, micro- and nanosecond magic, the FCS bits of the
 * LinkType field masked) and pcapng files (draft-ietf-opsawg-pcapng: several sections with their own
 * byte order, per-interface link type, snaplen, {@code if_tsresol} and {@code if_tsoffset}; Enhanced,
 * Simple and obsolete Packet Blocks; other blocks skipped by length), either of them gzip-compressed
 * (RFC 1952, recognised by its magic). One record parser per format runs over a shared
 * {@code RecordInput}: memory-mapped windows for regular files, a bounded reusable heap buffer for
 * streams. Why: a sensor replays large captures (tens of GiB) far faster than pcap4j's per-packet
 * calls, so the file path copies nothing and allocates nothing per packet; the frame handed to a
 * {@link org.stripwatch.sensor.capture.PacketSink} is a view that is valid only during the call.
 *
 * <p>Damage is a value, never an exception: a cut or garbled capture yields the frames before the
 * damage, counters in {@link org.stripwatch.sensor.capture.CaptureStats} and a bounded list of
 * {@link org.stripwatch.sensor.capture.CaptureNotice}s. Attackers tamper with exactly the flows a
 * sensor must keep reading. Only input that cannot be read at all raises a one-line
 * {@link org.stripwatch.sensor.capture.CaptureException}.
 */
package org.stripwatch.sensor.capture;
