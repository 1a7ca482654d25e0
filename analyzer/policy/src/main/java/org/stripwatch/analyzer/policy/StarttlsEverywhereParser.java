package org.stripwatch.analyzer.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the EFF STARTTLS Everywhere list JSON (EFForg/starttls-everywhere RULES.md) with Jackson's
 * streaming parser, so every problem names its line and JSON pointer (RFC 6901), e.g.
 * {@code policy.json:41: /policies/gmail.com/policy-alias: unknown alias "gogle" (not in /policy-aliases)}.
 * Aliases are resolved after reading, since {@code policy-aliases} may follow {@code policies}.
 * Unknown top-level and policy fields ({@code author}, {@code pinsets}, {@code report}, ...) are skipped.
 */
public final class StarttlsEverywhereParser {
    private StarttlsEverywhereParser() {
    }

    public static Parsed<StarttlsEverywhereList> parse(String file, String text, PolicyLimits limits) {
        Problems problems = new Problems(file, limits.maxProblemsPerFile());
        StarttlsEverywhereList l = parse(text, limits, problems);
        return new Parsed<>(l == null ? List.of() : List.of(l), problems.toList());
    }

    /** A policy object as read, before alias resolution. */
    private static final class Raw {
        String name;
        int line;
        String pointer;
        StarttlsEverywhereList.Mode mode;
        int modeLine;
        final List<MxPattern> mxs = new ArrayList<>();
        boolean hasMxs;
        String alias;
        int aliasLine;
        TlsVersion minTls;
    }

    private static final class Doc {
        final Map<String, Raw> policies = new LinkedHashMap<>();
        final Map<String, Raw> aliases = new LinkedHashMap<>();
        String version;
        Instant timestamp, expires;
        boolean sawPolicies;
        int entries;
    }

    static StarttlsEverywhereList parse(String text, PolicyLimits limits, Problems problems) {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth()).maxStringLength(limits.maxLineChars())
                .maxNumberLength(40).build()).build();
        Doc doc = new Doc();
        try (JsonParser p = factory.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                problems.error(line(p), ProblemKind.SYNTAX, "top level must be a JSON object");
                return null;
            }
            top(p, doc, limits, problems);
            if (p.nextToken() != null) {
                problems.error(line(p), ProblemKind.SYNTAX, "unexpected content after the top-level object");
                return null;
            }
        } catch (JsonProcessingException e) {
            int ln = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
            boolean depth = e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException;
            problems.error(ln, depth ? ProblemKind.TOO_DEEP : ProblemKind.SYNTAX, "invalid JSON: " + firstLine(e.getOriginalMessage()));
            return null;
        } catch (IOException e) {
            problems.error(0, ProblemKind.IO_ERROR, "cannot read JSON: " + firstLine(e.getMessage()));
            return null;
        }
        if (!doc.sawPolicies) problems.error(0, ProblemKind.MISSING_FIELD, "no \"policies\" object (RULES.md)");
        if (doc.expires == null) problems.warn(0, ProblemKind.MISSING_FIELD, "no \"expires\"; the list never expires");
        List<StarttlsEverywhereList.Policy> out = resolve(doc, problems);
        if (problems.hasErrors()) return null;
        return new StarttlsEverywhereList(doc.version, doc.timestamp, doc.expires, out, problems.at(0));
    }

    private static void top(JsonParser p, Doc doc, PolicyLimits limits, Problems problems) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            String ptr = "/" + escape(name);
            switch (name) {
                case "policies":
                    doc.sawPolicies = true;
                    map(p, t, ptr, doc.policies, doc, limits, problems);
                    break;
                case "policy-aliases":
                    map(p, t, ptr, doc.aliases, doc, limits, problems);
                    break;
                case "expires":
                    doc.expires = time(p, t, ptr, problems);
                    break;
                case "timestamp":
                    doc.timestamp = time(p, t, ptr, problems);
                    break;
                case "version":
                    if (t == JsonToken.VALUE_STRING) doc.version = p.getText();
                    else problems.error(line(p), ProblemKind.SYNTAX, ptr + ": must be a string");
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private static void map(JsonParser p, JsonToken t, String ptr, Map<String, Raw> into, Doc doc, PolicyLimits limits,
                            Problems problems) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            problems.error(line(p), ProblemKind.SYNTAX, ptr + ": must be an object");
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int ln = line(p);
            String kp = ptr + "/" + escape(key);
            JsonToken v = p.nextToken();
            if (v != JsonToken.START_OBJECT) {
                problems.error(ln, ProblemKind.SYNTAX, kp + ": policy must be an object");
                p.skipChildren();
                continue;
            }
            if (++doc.entries > limits.maxEntriesPerFile()) {
                if (doc.entries == limits.maxEntriesPerFile() + 1) {
                    problems.error(ln, ProblemKind.TOO_MANY_ENTRIES, kp + ": more than " + limits.maxEntriesPerFile()
                            + " policies (PolicyLimits.maxEntriesPerFile); rest ignored");
                }
                p.skipChildren();
                continue;
            }
            Raw r = policy(p, key, ln, kp, limits, problems);
            Raw prev = into.putIfAbsent(key.toLowerCase(java.util.Locale.ROOT), r);
            if (prev != null) problems.error(ln, ProblemKind.DUPLICATE_FIELD, kp + ": duplicate key (first at line " + prev.line + ")");
        }
    }

    private static Raw policy(JsonParser p, String key, int ln, String ptr, PolicyLimits limits, Problems problems)
            throws IOException {
        Raw r = new Raw();
        r.name = key;
        r.line = ln;
        r.pointer = ptr;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            int fl = line(p);
            String fp = ptr + "/" + escape(f);
            switch (f) {
                case "mode":
                    r.modeLine = fl;
                    r.mode = t == JsonToken.VALUE_STRING ? StarttlsEverywhereList.Mode.parse(p.getText()) : null;
                    if (r.mode == null) {
                        problems.error(fl, ProblemKind.UNKNOWN_VALUE, fp + ": unknown mode "
                                + Problems.quote(p.getText()) + " (expected testing or enforce)");
                        p.skipChildren();
                    }
                    break;
                case "mxs":
                    r.hasMxs = true;
                    mxs(p, t, fp, r, limits, problems);
                    break;
                case "policy-alias":
                    r.aliasLine = fl;
                    if (t == JsonToken.VALUE_STRING) r.alias = p.getText();
                    else {
                        problems.error(fl, ProblemKind.SYNTAX, fp + ": must be a string");
                        p.skipChildren();
                    }
                    break;
                case "min-tls-version":
                    r.minTls = t == JsonToken.VALUE_STRING ? TlsVersion.parse(p.getText()) : null;
                    if (r.minTls == null) {
                        problems.error(fl, ProblemKind.UNKNOWN_VALUE, fp + ": unknown TLS version " + Problems.quote(p.getText()));
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        return r;
    }

    private static void mxs(JsonParser p, JsonToken t, String ptr, Raw r, PolicyLimits limits, Problems problems)
            throws IOException {
        if (t != JsonToken.START_ARRAY) {
            problems.error(line(p), ProblemKind.SYNTAX, ptr + ": must be an array of strings");
            p.skipChildren();
            return;
        }
        Set<MxPattern> seen = new LinkedHashSet<>();
        boolean over = false;
        int i = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), i++) {
            String ep = ptr + "/" + i;
            MxPattern m = e == JsonToken.VALUE_STRING ? MxPattern.dotSuffix(p.getText()) : null;
            if (m == null) {
                problems.error(line(p), ProblemKind.BAD_NAME, ep + ": invalid mx " + Problems.quote(p.getText())
                        + " (expected .suffix or host name, RULES.md \"mxs\")");
                p.skipChildren();
            } else if (seen.size() >= limits.maxPatternsPerPolicy() && !seen.contains(m)) {
                if (!over) {
                    problems.error(line(p), ProblemKind.TOO_MANY_PATTERNS,
                            ep + ": more than " + limits.maxPatternsPerPolicy() + " mxs (PolicyLimits.maxPatternsPerPolicy)");
                }
                over = true;
            } else {
                seen.add(m);
            }
        }
        r.mxs.addAll(seen);
    }

    private static Instant time(JsonParser p, JsonToken t, String ptr, Problems problems) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) { // epoch seconds (RULES.md)
            try {
                return Instant.ofEpochSecond(p.getLongValue());
            } catch (java.time.DateTimeException e) {
                problems.error(line(p), ProblemKind.OUT_OF_RANGE, ptr + ": epoch seconds " + p.getText() + " out of range");
                return null;
            }
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC); // no offset: UTC (RULES.md)
                } catch (DateTimeParseException e2) {
                    problems.error(line(p), ProblemKind.SYNTAX, ptr + ": invalid time " + Problems.quote(s)
                            + " (expected yyyy-MM-ddTHH:mm:ss[.f]+hh:mm or epoch seconds)");
                    return null;
                }
            }
        }
        problems.error(line(p), ProblemKind.SYNTAX, ptr + ": must be a date string or epoch seconds");
        p.skipChildren();
        return null;
    }

    private static List<StarttlsEverywhereList.Policy> resolve(Doc doc, Problems problems) {
        List<StarttlsEverywhereList.Policy> out = new ArrayList<>();
        for (Raw r : doc.policies.values()) {
            String domain = DomainNames.normalize(r.name);
            if (domain == null) {
                problems.error(r.line, ProblemKind.BAD_NAME, r.pointer + ": invalid domain " + Problems.quote(r.name));
                continue;
            }
            Raw eff = r;
            if (r.alias != null) { // "If set, other fields are ignored" (RULES.md, policy-alias)
                eff = doc.aliases.get(r.alias.toLowerCase(java.util.Locale.ROOT));
                if (eff == null) {
                    problems.error(r.aliasLine, ProblemKind.UNRESOLVED_ALIAS, r.pointer + "/policy-alias: unknown alias "
                            + Problems.quote(r.alias) + " (not in /policy-aliases)");
                    continue;
                }
            }
            if (!eff.hasMxs || eff.mxs.isEmpty()) {
                if (!eff.hasMxs) problems.error(eff.line, ProblemKind.MISSING_FIELD, eff.pointer + ": no \"mxs\" list");
                else problems.error(eff.line, ProblemKind.MISSING_FIELD, eff.pointer + "/mxs: no valid entry");
                continue;
            }
            StarttlsEverywhereList.Mode mode = eff.mode;
            if (mode == null) {
                if (eff.modeLine == 0) problems.warn(eff.line, ProblemKind.MISSING_FIELD, eff.pointer + ": no \"mode\"; testing assumed (RULES.md default)");
                mode = StarttlsEverywhereList.Mode.TESTING;
            }
            out.add(new StarttlsEverywhereList.Policy(domain, mode, eff.mxs, r.alias, eff.minTls, problems.at(r.line)));
        }
        return out;
    }

    private static int line(JsonParser p) {
        return Math.max(0, p.currentTokenLocation().getLineNr());
    }

    /** RFC 6901 §3 escaping of one reference token; control characters shown as \\xNN so a key cannot forge output lines. */
    static String escape(String s) {
        String t = s.length() > 128 ? s.substring(0, 128) + "..." : s;
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '~') b.append("~0");
            else if (c == '/') b.append("~1");
            else if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String f = nl < 0 ? s : s.substring(0, nl);
        return f.length() > 200 ? f.substring(0, 200) + "..." : f;
    }
}
