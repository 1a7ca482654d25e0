package org.stripwatch.analyzer.report.html;

import org.stripwatch.analyzer.core.Rec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.SessionRef;
import org.stripwatch.schemas.Severity;

/** Records whose wire strings try to break out of the page (OWASP XSS filter evasion cheat sheet, abridged). */
final class Hostile {
    static final String SCRIPT = "<script>window.__pwned=1</script>";
    static final String ATTR = "\"><img src=x onerror=\"window.__pwned=2\">";
    static final String SVG = "</text></svg><svg onload=window.__pwned=3>";
    static final String MISC = "'\u0007\u001b[31m&amp;<!--";

    private Hostile() {
    }

    static SessionRecord session(Instant t) {
        return SessionRecord.newBuilder(Rec.session("192.0.2.66", "203.0.113.66", t).banner(SCRIPT + ATTR).garbledCapability("XXXXXXXA")
                        .finding("starttls_rejected", SVG, "evidence" + SCRIPT, ATTR).cleartextMail("evil.example").build())
                .setEhloDomain(ATTR + MISC).setSmtpHistory(SCRIPT).setMailFromDomain(SVG).build();
    }

    static Alert alert(Instant t) {
        ByteBuffer server = ByteBuffer.wrap(new byte[]{(byte) 203, 0, 113, 66}), client = ByteBuffer.wrap(new byte[]{(byte) 192, 0, 2, 66});
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put("starttls_capability_garbled", SCRIPT);
        ev.put("starttls_capability_garbled." + ATTR, SVG);
        ev.put("mx_host", MISC);
        SessionRef ref = SessionRef.newBuilder().setSensorId(SCRIPT).setConnectionId(ATTR).setClientIp(client).setClientPort(4242)
                .setServerIp(server).setServerPort(25).setStart(t).build();
        return Alert.newBuilder().setAlertId("hostile-" + t.toEpochMilli()).setTime(t).setSeverity(Severity.HIGH).setType("starttls_stripped" + SCRIPT)
                .setServerIp(server).setServerPort(25).setDomain("evil.example" + ATTR).setDomainAttribution("banner").setDetail(SVG)
                .setEvidence(ev).setSession(ref).setFindingTypes(List.of("starttls_capability_garbled")).setReason("STARTTLS was stripped " + SCRIPT)
                .setPolicy(SVG).setPolicySource(MISC).setClientIp(client).setClientPort(4242).setBaseline(Map.of(ATTR, SCRIPT)).build();
    }
}
