package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    private static Path resources() throws Exception {
        return Path.of(PolicyLoaderTest.class.getResource("/policies").toURI());
    }

    @Test
    void loadsExampleDirectory() throws Exception {
        LoadResult r = new PolicyLoader().load(List.of(resources()));
        assertTrue(r.ok(), r.problems().toString());
        PolicyStore s = r.orThrow();
        assertEquals(6, r.stats().filesRead() - 1, "six policy files plus the TXT record file");
        assertEquals(1, r.stats().filesIgnored(), "README.md");
        assertEquals(3, r.stats().tlsaRecords());
        assertEquals(1, r.stats().otherZoneRecords());

        // example.com: MTA-STS enforce (with TXT id), stripwatch require-tls, EFF testing, Postfix verify -- all kept, file order
        List<Expectation> ex = s.expectationsFor("EXAMPLE.com.");
        assertEquals(List.of(PolicyKind.MTA_STS, PolicyKind.STRIPWATCH, PolicyKind.STARTTLS_EVERYWHERE, PolicyKind.POSTFIX),
                ex.stream().map(Expectation::kind).toList());
        Expectation sts = ex.get(0);
        assertTrue(sts.requiresTls());
        assertEquals("mta-sts mode=enforce max_age=604800 id=20160831085700Z", sts.summary());
        assertTrue(sts.source().file().endsWith("example.com.mta-sts.txt"));
        assertFalse(ex.get(2).requiresTls(), "EFF testing is report only");
        assertTrue(ex.get(1).requiresTls(), "stripwatch require-tls");

        // .example.net parent key applies to subdomains only
        assertEquals(List.of(PolicyKind.POSTFIX), s.expectationsFor("mx.example.net").stream().map(Expectation::kind).toList());
        assertTrue(s.expectationsFor("a.example.net").get(0).summary().startsWith("postfix .example.net secure match="));
        assertTrue(s.expectationsFor("example.net").stream().noneMatch(e -> e.scope() == Expectation.Scope.PARENT_DOMAIN));

        // DANE is keyed by MX host; usable records make it DANE, PKIX-only makes it ENCRYPT
        List<Expectation> dane = s.expectationsForMx("mail.example.com");
        assertEquals(1, dane.size());
        assertEquals(Strength.DANE, dane.get(0).strength());
        assertEquals(2, dane.get(0).tlsa().size());
        assertEquals(Strength.ENCRYPT, s.expectationsForMx("legacy.example.org", 25).get(0).strength());
        assertTrue(s.expectationsForMx("legacy.example.org", 587).isEmpty());
        assertEquals(5, s.expectationsFor("example.com", "mail.example.com").size());

        // attribution from a host name
        assertEquals(List.of(PolicyKind.MTA_STS, PolicyKind.STARTTLS_EVERYWHERE), s.mxMatches("example.com", "mx7.example.net").stream().map(Expectation::kind).toList());
        assertTrue(s.mxMatches("example.com", "a.b.example.net").stream().anyMatch(e -> e.kind() == PolicyKind.STARTTLS_EVERYWHERE));
        assertTrue(s.mxMatches("example.com", "a.b.example.net").stream().noneMatch(e -> e.kind() == PolicyKind.MTA_STS));
        List<PolicyStore.MxMatch> who = s.domainsForMx("alt1.gmail-smtp-in.l.google.com");
        assertEquals(List.of("gmail.com"), who.stream().map(PolicyStore.MxMatch::domain).toList());
        assertEquals(List.of("partner.example"), s.domainsForMx("x.mx.partner.example").stream().map(PolicyStore.MxMatch::domain).distinct().toList());
        assertTrue(s.domainsForMx("nowhere.invalid").isEmpty());
        // a wildcard certificate name: *.example.net covers mx.example.net, fitting MTA-STS *.example.net, EFF .example.net
        // and both Postfix example.net entries (dot-nexthop, and the .example.net parent key's match=.example.net)
        assertEquals(List.of(PolicyKind.MTA_STS, PolicyKind.STARTTLS_EVERYWHERE, PolicyKind.POSTFIX, PolicyKind.POSTFIX),
                s.domainsForMx("*.example.net").stream().map(m -> m.expectation().kind()).toList());
        assertEquals(List.of("partner.example"), s.domainsForMx("*.partner.example").stream().map(PolicyStore.MxMatch::domain).toList());
        assertTrue(s.domainsForMx("*.").isEmpty());
        assertTrue(s.domainsForMx("bad..name").isEmpty());
    }

    @Test
    void brokenFileFailsWithFileAndLine(@TempDir Path dir) throws Exception {
        Path pol = dir.resolve("policies");
        Files.createDirectories(pol);
        Files.writeString(pol.resolve("example.com.mta-sts.txt"), "version: STSv1\nmx: mx.example.com\nmode: enfroce\nmax_age: 86400\n");
        Files.writeString(pol.resolve("tls_policy"), "example.org secure\nexample.net sekure\n");
        Files.writeString(pol.resolve("notes.txt"), "hello");
        Files.writeString(pol.resolve(".hidden.policy"), "garbage");
        LoadResult r = new PolicyLoader().load(List.of(pol));
        assertFalse(r.ok());
        PolicyLoadException e = assertThrows(PolicyLoadException.class, r::orThrow);
        String p = pol.toString();
        assertEquals(p + "/example.com.mta-sts.txt:3: unknown mode \"enfroce\" (expected enforce, testing or none)\n"
                + p + "/tls_policy:2: unknown TLS security level \"sekure\" (expected none, may, encrypt, dane, dane-only, fingerprint, verify or secure)",
                e.getMessage());
        assertEquals(0, e.getStackTrace().length, "message is the report; no stack trace");
        assertEquals(0, r.store().size(), "files with errors contribute nothing");
        assertEquals(1, r.warnings().size(), "notes.txt: unknown file name");
        assertEquals(1, r.stats().count(ProblemKind.UNKNOWN_FILE_TYPE));
    }

    @Test
    void limitsAreReportedAndCounted(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.policy");
        Files.writeString(big, "require-tls a.example\n".repeat(100));
        LoadResult r = new PolicyLoader(PolicyLimits.DEFAULTS.withMaxFileBytes(100)).load(List.of(big));
        assertFalse(r.ok());
        assertEquals(1, r.stats().count(ProblemKind.FILE_TOO_LARGE));
        for (int i = 0; i < 5; i++) Files.writeString(dir.resolve("f" + i + ".policy"), "require-tls a.example\n");
        LoadResult few = new PolicyLoader(PolicyLimits.DEFAULTS.withMaxFiles(3)).load(List.of(dir));
        assertEquals(1, few.stats().count(ProblemKind.TOO_MANY_FILES));
        LoadResult missing = new PolicyLoader().load(List.of(dir.resolve("nope.policy")));
        assertEquals(ProblemKind.IO_ERROR, missing.problems().get(0).kind());
        // A missing file is named as missing, whatever its name; an existing one with an unknown name as such.
        LoadResult missingUnknown = new PolicyLoader().load(List.of(dir.resolve("y.yaml")));
        assertEquals("no such file or directory", missingUnknown.errors().get(0).message());
        LoadResult unknown = new PolicyLoader().load(List.of(Files.writeString(dir.resolve("x.yaml"), "a: b\n")));
        assertEquals(ProblemKind.UNKNOWN_FILE_TYPE, unknown.errors().get(0).kind());
    }

    @Test
    void inMemorySourcesAndOrphanTxt() {
        LoadResult r = new PolicyLoader().loadTexts(Map.of("other.example.mta-sts-txt", "v=STSv1; id=1;"));
        assertTrue(r.ok());
        assertEquals("other.example.mta-sts-txt: warning: TXT record for other.example has no other.example.mta-sts.txt policy file",
                r.problems().get(0).toString());
    }
}
