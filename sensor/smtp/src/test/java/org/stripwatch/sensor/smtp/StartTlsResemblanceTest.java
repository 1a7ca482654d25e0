package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartTlsResemblanceTest {
    @ParameterizedTest
    @CsvSource({
        "STARTTLS, EXACT", "starttls, EXACT", "staRttLs, EXACT",
        "XXXXXXXA, CISCO_MASK",
        "XXXXXXXX, MASKED", "STARXXXX, MASKED", "STARTTXX, MASKED", "S**RTTLS, MASKED",
        "XXXX, ALL_X", "XXXXXXXXXX, ALL_X",
        "STARTTLX, NEAR", "STARTTL, NEAR", "SATRTTLS, NEAR", "STARTTLSS, NEAR", "XSTARTTLS, NEAR",
    })
    void kinds(String token, StartTlsResemblance.Kind kind) {
        assertEquals(kind, StartTlsResemblance.of(token).kind(), token);
    }

    /** Real capabilities and verbs must not look like a garbled STARTTLS. */
    @ParameterizedTest
    @ValueSource(strings = {"SMTPUTF8", "PIPELINING", "8BITMIME", "CHUNKING", "SIZE", "DSN", "REQUIRETLS",
        "ENHANCEDSTATUSCODES", "AUTH", "ETRN", "BINARYMIME", "DELIVERBY", "VRFY", "HELP", "X-EXPS", "XCLIENT",
        "XFORWARD", "MT-PRIORITY", "LIMITS", "DEFLATE", "ATRN", "", "RSET", "NOOP", "QUIT", "STARTUP"})
    void benignTokensAreNotGarbled(String token) {
        assertFalse(StartTlsResemblance.of(token).garbled(), token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XXXXXXXA", "XXXXXXXX", "STARTTLX", "StartTl"})
    void garbled(String token) {
        assertTrue(StartTlsResemblance.of(token).garbled());
    }

    @ParameterizedTest
    @CsvSource({"STARTTLS, 0", "STARTTLX, 1", "SATRTTLS, 2", "PIPELINING, 3"})
    void distance(String token, int distance) {
        assertEquals(distance, StartTlsResemblance.of(token).editDistance());
    }
}
