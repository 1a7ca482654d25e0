/**
 * L2-L4 decoding: captured frames in, {@link org.stripwatch.sensor.decode.TcpSegment}s out.
 *
 * <p>{@link org.stripwatch.sensor.decode.PacketDecoder} is a
 * {@link org.stripwatch.sensor.capture.PacketSink}: for each frame it walks
 * <ol>
 *   <li>the link layer by LINKTYPE_* value (tcpdump.org/linktypes.html): Ethernet (1) with stacked
 *       802.1Q / 802.1ad / 0x9100 tags up to a bounded depth, Linux cooked SLL (113) and SLL2 (276),
 *       BSD loopback NULL (0, family in the writer's byte order: both accepted) and LOOP (108,
 *       network order), raw IP (101; 12 and 14 as written by some libpcap versions), IPv4 (228),
 *       IPv6 (229);</li>
 *   <li>IPv4 (RFC 791 §3.1): header length and option framing, total length trusted over the
 *       frame (Ethernet padding is cut off and counted), fragments reassembled (§3.2);</li>
 *   <li>IPv6 (RFC 8200): the extension header chain (§4) to the upper layer, bounded in length,
 *       ESP and No Next Header ending the walk; fragments (§4.5) reassembled by the same
 *       defragmenter, overlaps handled per RFC 5722; atomic fragments per RFC 6946;</li>
 *   <li>TCP (RFC 9293 §3.1): header, flags, window, urgent pointer, option framing (§3.2) with
 *       MSS, window scale and timestamps (RFC 7323), SACK-permitted; optionally the checksum.</li>
 * </ol>
 *
 * <p>Malformed, truncated or hostile bytes never throw: each finding is a
 * {@link org.stripwatch.sensor.decode.DecodeAnomaly} counted in
 * {@link org.stripwatch.sensor.decode.DecodeStats}. Every resource bound (VLAN depth, extension
 * header chain, datagrams and bytes under reassembly, reassembly timeout in packet time) is a
 * {@link org.stripwatch.sensor.decode.DecoderConfig} value with a finite default and a counter.
 *
 * <p>Fragment overlaps: first-seen data wins, and an overlap with different bytes is reported as
 * {@code ip_fragment_overlap_conflict} (Ptacek &amp; Newsham 1998, "Insertion, Evasion, and Denial
 * of Service"; the teardrop attack for IPv4; RFC 5722 for IPv6). A sensor cannot know which copy the
 * end host kept, so it keeps one consistently and reports the conflict as the evidence.
 *
 * <p>Snaplen: a frame cut inside a header is counted and dropped; one cut inside the TCP payload
 * is delivered with {@link org.stripwatch.sensor.decode.TcpSegment#payloadLength()} (declared)
 * larger than the captured {@link org.stripwatch.sensor.decode.TcpSegment#payload()}.
 */
package org.stripwatch.sensor.decode;
