package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture fed with one extra split at every byte offset, and byte by byte, gives the same
 * handshake record as fed in capture order (Netty SmtpResponseDecoderTest style).
 */
class SplitEverywhereTest {
    static Stream<Arguments> fixtures() throws Exception {
        return Stream.of(
                Arguments.of("google-tls12", GoogleStarttlsCaptureTest.TRACE),
                Arguments.of("jdk-tls12", JdkTlsTraces.handshake("TLSv1.2", "mx.example.net").trace()),
                Arguments.of("jdk-tls13", JdkTlsTraces.handshake("TLSv1.3", "mx.example.net").trace()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everySplitGivesTheSameResult(String name, Trace trace) {
        TlsHandshake expected = trace.replay();
        int total = trace.totalBytes();
        for (int at = 1; at < total; at++) {
            assertEquals(expected, trace.splitAt(at).replay(), name + " split at " + at);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void byteByByteGivesTheSameResult(String name, Trace trace) {
        assertEquals(trace.replay(), trace.byteByByte().replay(), name);
    }
}
