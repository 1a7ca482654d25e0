package org.stripwatch.sensor.reassembly;

/**
 * What one direction carried, for the connection log.
 *
 * @param packets      TCP segments seen
 * @param frameBytes   frame bytes on the wire (tshark's conversation "bytes")
 * @param payloadBytes TCP payload bytes declared by the headers, retransmissions included
 * @param streamBytes  distinct stream bytes: the sequence space covered (RFC 9293)
 * @param gapBytes     stream bytes never delivered (lost, cut by the snaplen, dropped at a limit)
 * @param ttlMedian    median TTL/hop limit of the direction's packets, -1 if none
 */
public record DirectionSummary(long packets, long frameBytes, long payloadBytes, long streamBytes, long gapBytes,
                               int ttlMedian) {}
