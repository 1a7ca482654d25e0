package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MxPatternTest {
    @Test
    void mtaStsWildcardMatchesExactlyOneLabel() {
        MxPattern p = MxPattern.mtaSts("*.example.com");
        assertEquals(MxPattern.Kind.ONE_LABEL_WILDCARD, p.kind());
        assertTrue(p.matches("mx.example.com"));
        assertTrue(p.matches("MX.Example.COM."));
        assertFalse(p.matches("a.b.example.com"));
        assertFalse(p.matches("example.com"));
        assertFalse(p.matches("mxexample.com"));
        assertFalse(p.matches("mx.example.com.evil"));
        assertFalse(p.matches(""));
        assertFalse(p.matches("mx..example.com"));
    }

    @Test
    void exactIsCaseInsensitiveWithTrailingDot() {
        MxPattern p = MxPattern.mtaSts("Mail.Example.com.");
        assertEquals("mail.example.com", p.name());
        assertTrue(p.matches("mail.example.com"));
        assertTrue(p.matches("MAIL.EXAMPLE.COM."));
        assertFalse(p.matches("x.mail.example.com"));
    }

    @Test
    void invalidMtaStsPatterns() {
        for (String s : new String[] {"*", "*.", "**.example.com", "a*.example.com", "mx.*.example.com", "*.*.example.com",
                "", ".", "a..b", "ex ample.com", "-".repeat(64) + ".com", "a.".repeat(127) + "com"}) {
            assertNull(MxPattern.mtaSts(s), s);
        }
    }

    @Test
    void effDotSuffixMatchesAnyDepth() {
        // "Arbitrarily deep subdomains can match a particular suffix", EFForg/starttls-everywhere RULES.md
        MxPattern p = MxPattern.dotSuffix(".yahoodns.net");
        assertEquals(MxPattern.Kind.SUFFIX, p.kind());
        assertTrue(p.matches("mta7.am0.yahoodns.net"));
        assertTrue(p.matches("mx.yahoodns.net"));
        assertFalse(p.matches("yahoodns.net"));
        assertFalse(p.matches("evilyahoodns.net"));
        assertEquals(".yahoodns.net", p.toString());
        assertEquals(MxPattern.Kind.EXACT, MxPattern.dotSuffix("outlook.com").kind());
    }

    @Test
    void wildcardCertificateNames() {
        assertTrue(DomainNames.certNameMatches("*.example.com", "mx.example.com"));
        assertTrue(DomainNames.certNameMatches("MX.example.com.", "mx.EXAMPLE.com"));
        assertFalse(DomainNames.certNameMatches("*.example.com", "a.b.example.com"));
        assertFalse(DomainNames.certNameMatches("*.example.com", "example.com"));
        assertFalse(DomainNames.certNameMatches("m*.example.com", "mx.example.com"));
        assertFalse(DomainNames.certNameMatches(null, "mx.example.com"));

        assertTrue(MxPattern.mtaSts("mx.example.com").overlapsWildcard("example.com"));
        assertFalse(MxPattern.mtaSts("a.mx.example.com").overlapsWildcard("example.com"));
        assertTrue(MxPattern.mtaSts("*.example.com").overlapsWildcard("example.com."));
        assertFalse(MxPattern.mtaSts("*.example.com").overlapsWildcard("mx.example.com"));
        assertTrue(MxPattern.dotSuffix(".example.com").overlapsWildcard("example.com"));
        assertTrue(MxPattern.dotSuffix(".example.com").overlapsWildcard("eu.example.com"));
        assertFalse(MxPattern.dotSuffix(".example.com").overlapsWildcard("com"));
    }
}
