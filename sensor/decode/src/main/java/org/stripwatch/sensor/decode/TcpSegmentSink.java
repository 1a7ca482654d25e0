package org.stripwatch.sensor.decode;

/** Receives every decoded TCP segment. The segment is a reused view: valid only during the call. */
@FunctionalInterface
public interface TcpSegmentSink {
    void onSegment(TcpSegment segment);
}
