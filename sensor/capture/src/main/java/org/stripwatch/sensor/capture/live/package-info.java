/**
 * Live capture through libpcap (pcap4j 1.8.2).
 *
 * <p>{@link org.stripwatch.sensor.capture.live.LiveSource} opens an interface with a BPF filter
 * (default: SMTP on 25 and 587), a 512 MiB kernel ring (TPACKET_V3) and nanosecond timestamps where
 * available, and takes packets with {@code pcap_next_ex} through a JNA direct mapping into one reused
 * buffer ({@link org.stripwatch.sensor.capture.live.NextPacketReader}); pcap4j's {@code pcap_loop} with a raw
 * listener remains as the fallback (about 2 us per packet more: a JNA callback, a byte[] and a Timestamp).
 * Kernel and interface drops are reported, because a dropped segment is indistinguishable from a
 * gap an attacker made unless it is counted. libpcap is located even when only the runtime package
 * (libpcap.so.0.8) is installed. Frames carry libpcap's link type and timestamp; their format on
 * disk is the same as in pcap files (draft-ietf-opsawg-pcap), so the decoders need not know the source.
 */
package org.stripwatch.sensor.capture.live;
