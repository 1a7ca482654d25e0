package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StarttlsEverywhereParserTest {
    private static Parsed<StarttlsEverywhereList> parse(String json) {
        return StarttlsEverywhereParser.parse("policy.json", json, PolicyLimits.DEFAULTS);
    }

    private static List<String> msgs(Parsed<?> p) {
        return p.problems().stream().map(ParseProblem::toString).toList();
    }

    @Test
    void realListShapeWithAliases() {
        // shape of https://dl.eff.org/starttls-everywhere/policy.json (EFForg/starttls-everywhere policy.json, 2018)
        String json = "{\n"
                + "  \"timestamp\": \"2018-09-28T11:57:09.977018279-07:00\",\n"
                + "  \"expires\": 1539370629,\n"
                + "  \"version\": \"0.1\",\n"
                + "  \"author\": \"Electronic Frontier Foundation https://eff.org\",\n"
                + "  \"pinsets\": {},\n"
                + "  \"policies\": {\n"
                + "    \"aol.com\": {\"policy-alias\": \"yahoo\"},\n"
                + "    \"eff.org\": {\"mode\": \"enforce\", \"mxs\": [\".eff.org\"], \"min-tls-version\": \"TLSv1.2\"},\n"
                + "    \"outlook.com\": {\"policy-alias\": \"outlook\"}\n"
                + "  },\n"
                + "  \"policy-aliases\": {\n"
                + "    \"yahoo\": {\"mode\": \"testing\", \"mxs\": [\".yahoodns.net\"]},\n"
                + "    \"outlook\": {\"mode\": \"testing\", \"mxs\": [\".outlook.com\", \"outlook.com\"]}\n"
                + "  }\n}\n";
        Parsed<StarttlsEverywhereList> p = parse(json);
        assertTrue(p.ok(), msgs(p).toString());
        StarttlsEverywhereList l = p.values().get(0);
        assertEquals("0.1", l.version());
        assertEquals(Instant.ofEpochSecond(1539370629), l.expires());
        assertEquals(Instant.parse("2018-09-28T18:57:09.977018279Z"), l.timestamp());
        assertEquals(3, l.policies().size());
        StarttlsEverywhereList.Policy aol = l.policies().get(0);
        assertEquals("aol.com", aol.domain());
        assertEquals("yahoo", aol.alias());
        assertEquals(8, aol.source().line());
        assertTrue(aol.mxMatches("mta7.am0.yahoodns.net"));
        assertFalse(aol.mxMatches("yahoodns.net"));
        StarttlsEverywhereList.Policy eff = l.policies().get(1);
        assertEquals(StarttlsEverywhereList.Mode.ENFORCE, eff.mode());
        assertEquals(TlsVersion.TLS_1_2, eff.minTlsVersion());
        assertTrue(l.policies().get(2).mxMatches("outlook.com"));
    }

    @Test
    void missingAliasNamesPointerAndLine() {
        String json = "{\n \"expires\": 1,\n \"policies\": {\n  \"gmail.com\": {\n   \"policy-alias\": \"gogle\"\n  }\n },\n"
                + " \"policy-aliases\": {\"google\": {\"mode\": \"testing\", \"mxs\": [\".l.google.com\"]}}\n}";
        Parsed<StarttlsEverywhereList> p = parse(json);
        assertFalse(p.ok());
        assertEquals(List.of("policy.json:5: /policies/gmail.com/policy-alias: unknown alias \"gogle\" (not in /policy-aliases)"), msgs(p));
    }

    @Test
    void fieldErrors() {
        String json = "{\n"
                + "\"expires\": \"tomorrow\",\n"
                + "\"policies\": {\n"
                + "\"a.example\": {\"mode\": \"enforced\", \"mxs\": [\".a.example\"]},\n"
                + "\"b.example\": {\"mode\": \"testing\", \"mxs\": [\"*.b.example\", 5]},\n"
                + "\"c.example\": {\"mode\": \"testing\"},\n"
                + "\"bad domain\": {\"mode\": \"testing\", \"mxs\": [\"x.example\"]},\n"
                + "\"a.example\": {\"mode\": \"testing\", \"mxs\": [\".a.example\"]},\n"
                + "\"d/x\": [1]\n"
                + "}}";
        Parsed<StarttlsEverywhereList> p = parse(json);
        List<String> m = msgs(p);
        assertTrue(m.contains("policy.json:2: /expires: invalid time \"tomorrow\" (expected yyyy-MM-ddTHH:mm:ss[.f]+hh:mm or epoch seconds)"), m::toString);
        assertTrue(m.contains("policy.json:4: /policies/a.example/mode: unknown mode \"enforced\" (expected testing or enforce)"), m::toString);
        assertTrue(m.contains("policy.json:5: /policies/b.example/mxs/0: invalid mx \"*.b.example\" (expected .suffix or host name, RULES.md \"mxs\")"), m::toString);
        assertTrue(m.contains("policy.json:5: /policies/b.example/mxs/1: invalid mx \"5\" (expected .suffix or host name, RULES.md \"mxs\")"), m::toString);
        assertTrue(m.contains("policy.json:6: /policies/c.example: no \"mxs\" list"), m::toString);
        assertTrue(m.contains("policy.json:7: /policies/bad domain: invalid domain \"bad domain\""), m::toString);
        assertTrue(m.contains("policy.json:8: /policies/a.example: duplicate key (first at line 4)"), m::toString);
        assertTrue(m.contains("policy.json:9: /policies/d~1x: policy must be an object"), m::toString);
    }

    @Test
    void brokenJsonAndDepth() {
        Parsed<StarttlsEverywhereList> p = parse("{\n\"policies\": {\n\"a\": {,}\n}}");
        assertFalse(p.ok());
        assertTrue(p.problems().get(0).toString().startsWith("policy.json:3: invalid JSON: "), msgs(p)::toString);
        String deep = "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        Parsed<StarttlsEverywhereList> d = parse(deep);
        assertFalse(d.ok());
        assertEquals(ProblemKind.TOO_DEEP, d.problems().get(0).kind());
        assertEquals("policy.json:1: top level must be a JSON object", msgs(parse("[]")).get(0));
        assertEquals("policy.json: no \"policies\" object (RULES.md)", msgs(parse("{\"expires\": 1}")).get(0));
    }

    @Test
    void hostileValues() {
        assertEquals("policy.json:1: /expires: epoch seconds 9223372036854775807 out of range",
                msgs(parse("{\"expires\": 9223372036854775807, \"policies\": {}}")).get(0));
        assertEquals("policy.json:1: unexpected content after the top-level object",
                msgs(parse("{\"expires\": 1, \"policies\": {}} {}")).get(0));
        List<String> m = msgs(parse("{\"expires\": 1, \"policies\": {\"a\\nb\": 1}}"));
        assertEquals("policy.json:1: /policies/a\\x0ab: policy must be an object", m.get(0));
    }
}
