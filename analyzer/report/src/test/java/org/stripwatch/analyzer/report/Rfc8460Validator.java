package org.stripwatch.analyzer.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A hand-written check of a TLSRPT report against RFC 8460 §4.4 (report schema) and §4.3 (result types):
 * required members and their JSON types, RFC 3339 date-times, the policy-type and result-type enumerations,
 * non-negative integer counts, and no unknown members at the levels the RFC defines.
 * {@code mx-host} is accepted as a string (the RFC's §4.4 example) or an array of strings (what large senders emit).
 */
final class Rfc8460Validator {
    static final Set<String> POLICY_TYPES = Set.of("tlsa", "sts", "no-policy-found");
    static final Set<String> RESULT_TYPES = Set.of("starttls-not-supported", "certificate-host-mismatch", "certificate-expired",
            "certificate-not-trusted", "validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error",
            "sts-policy-invalid", "sts-webpki-invalid");
    private static final Set<String> TOP = Set.of("organization-name", "date-range", "contact-info", "report-id", "policies");
    private static final Set<String> POLICY = Set.of("policy-type", "policy-string", "policy-domain", "mx-host");
    private static final Set<String> FAILURE = Set.of("result-type", "sending-mta-ip", "receiving-mx-hostname", "receiving-mx-helo",
            "receiving-ip", "failed-session-count", "additional-information", "failure-reason-code");

    private final List<String> problems = new ArrayList<>();

    static List<String> validate(JsonNode r) {
        Rfc8460Validator v = new Rfc8460Validator();
        v.report(r);
        return v.problems;
    }

    private void report(JsonNode r) {
        if (!r.isObject()) {
            problems.add("report is not an object");
            return;
        }
        only(r, TOP, "");
        string(r, "organization-name", "", true);
        string(r, "contact-info", "", true);
        string(r, "report-id", "", true);
        JsonNode d = r.get("date-range");
        if (d == null || !d.isObject()) problems.add("/date-range missing or not an object");
        else {
            only(d, Set.of("start-datetime", "end-datetime"), "/date-range");
            dateTime(d, "start-datetime");
            dateTime(d, "end-datetime");
        }
        JsonNode ps = r.get("policies");
        if (ps == null || !ps.isArray() || ps.isEmpty()) problems.add("/policies missing, not an array or empty");
        else for (int i = 0; i < ps.size(); i++) policy(ps.get(i), "/policies/" + i);
    }

    private void policy(JsonNode p, String at) {
        only(p, Set.of("policy", "summary", "failure-details"), at);
        JsonNode pol = p.get("policy");
        if (pol == null || !pol.isObject()) problems.add(at + "/policy missing");
        else {
            only(pol, POLICY, at + "/policy");
            String type = string(pol, "policy-type", at + "/policy", true);
            if (type != null && !POLICY_TYPES.contains(type)) problems.add(at + "/policy/policy-type: unknown \"" + type + "\"");
            string(pol, "policy-domain", at + "/policy", true);
            JsonNode ps = pol.get("policy-string");
            if (ps != null && !stringArray(ps)) problems.add(at + "/policy/policy-string: not an array of strings");
            if (ps == null && !"no-policy-found".equals(type)) problems.add(at + "/policy/policy-string missing");
            JsonNode mx = pol.get("mx-host");
            if (mx != null && !mx.isTextual() && !stringArray(mx)) problems.add(at + "/policy/mx-host: neither string nor array of strings");
        }
        JsonNode s = p.get("summary");
        if (s == null || !s.isObject()) problems.add(at + "/summary missing");
        else {
            only(s, Set.of("total-successful-session-count", "total-failure-session-count"), at + "/summary");
            count(s, "total-successful-session-count", at + "/summary");
            count(s, "total-failure-session-count", at + "/summary");
        }
        JsonNode fd = p.get("failure-details");
        if (fd == null) return;
        if (!fd.isArray()) {
            problems.add(at + "/failure-details: not an array");
            return;
        }
        long sum = 0;
        for (int i = 0; i < fd.size(); i++) {
            JsonNode f = fd.get(i);
            String fat = at + "/failure-details/" + i;
            only(f, FAILURE, fat);
            String rt = string(f, "result-type", fat, true);
            if (rt != null && !RESULT_TYPES.contains(rt)) problems.add(fat + "/result-type: unknown \"" + rt + "\"");
            for (String opt : List.of("sending-mta-ip", "receiving-mx-hostname", "receiving-mx-helo", "receiving-ip", "additional-information",
                    "failure-reason-code")) string(f, opt, fat, false);
            for (String ip : List.of("sending-mta-ip", "receiving-ip")) {
                if (f.hasNonNull(ip) && !f.get(ip).asText().matches("[0-9a-fA-F:.]+")) problems.add(fat + "/" + ip + ": not an IP address");
            }
            sum += count(f, "failed-session-count", fat);
        }
        if (s != null && s.has("total-failure-session-count") && sum > s.get("total-failure-session-count").asLong()) {
            problems.add(at + ": failure details count more sessions than the summary");
        }
    }

    private void only(JsonNode o, Set<String> allowed, String at) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!allowed.contains(n)) problems.add(at + "/" + n + ": not an RFC 8460 member");
        }
    }

    private String string(JsonNode o, String name, String at, boolean required) {
        JsonNode n = o.get(name);
        if (n == null) {
            if (required) problems.add(at + "/" + name + " missing");
            return null;
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            problems.add(at + "/" + name + ": not a non-empty string");
            return null;
        }
        return n.asText();
    }

    private long count(JsonNode o, String name, String at) {
        JsonNode n = o.get(name);
        if (n == null || !n.isIntegralNumber() || n.asLong() < 0) {
            problems.add(at + "/" + name + ": missing or not a non-negative integer");
            return 0;
        }
        return n.asLong();
    }

    private void dateTime(JsonNode o, String name) {
        String s = string(o, name, "/date-range", true);
        if (s == null) return;
        try {
            OffsetDateTime.parse(s); // RFC 3339 §5.6 date-time
        } catch (DateTimeParseException e) {
            problems.add("/date-range/" + name + ": not an RFC 3339 date-time: " + s);
        }
    }

    private static boolean stringArray(JsonNode n) {
        if (!n.isArray()) return false;
        for (JsonNode x : n) if (!x.isTextual()) return false;
        return true;
    }
}
