package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses MTA-STS policy bodies (RFC 8461 §3.2) and {@code _mta-sts} TXT records (RFC 8461 §3.1).
 * Strict where the RFC is strict (version, mode, max_age range, mx syntax), tolerant where senders
 * are told to be (CRLF or LF, extension keys ignored but recorded, blank lines).
 */
public final class MtaStsParser {
    private MtaStsParser() {
    }

    /**
     * Parses one policy body fetched for {@code domain}. The value list holds the policy if there
     * was no error, else it is empty.
     */
    public static Parsed<MtaStsPolicy> parsePolicy(String file, String domain, String text, PolicyLimits limits) {
        Problems problems = new Problems(file, limits.maxProblemsPerFile());
        MtaStsPolicy p = parsePolicy(domain, text, limits, problems);
        return new Parsed<>(p == null ? List.of() : List.of(p), problems.toList());
    }

    static MtaStsPolicy parsePolicy(String domain, String text, PolicyLimits limits, Problems problems) {
        String dom = DomainNames.normalize(domain);
        if (dom == null) problems.error(0, ProblemKind.BAD_NAME, "invalid policy domain " + Problems.quote(domain));
        if (text.length() > limits.maxMtaStsBytes()) {
            problems.error(0, ProblemKind.FILE_TOO_LARGE,
                    "policy larger than " + limits.maxMtaStsBytes() + " bytes (PolicyLimits.maxMtaStsBytes)");
            return null;
        }
        Fields f = new Fields();
        for (Text.Line line : Text.lines(text, limits.maxLineChars(), limits.maxEntriesPerFile(), problems)) {
            field(line, f, limits, problems);
        }
        // a field that was present but invalid has already been reported at its line
        if (!f.firstLine.containsKey("version")) problems.error(0, ProblemKind.MISSING_FIELD, "missing \"version: STSv1\" (RFC 8461 §3.2)");
        if (!f.firstLine.containsKey("mode")) problems.error(0, ProblemKind.MISSING_FIELD, "missing \"mode\" (RFC 8461 §3.2)");
        if (!f.firstLine.containsKey("max_age")) problems.error(0, ProblemKind.MISSING_FIELD, "missing \"max_age\" (RFC 8461 §3.2)");
        if (f.mx.isEmpty() && f.mode != null && f.mode != MtaStsMode.NONE) {
            problems.error(0, ProblemKind.MISSING_FIELD, "no \"mx\" pattern; mode " + lower(f.mode)
                    + " needs at least one (RFC 8461 §3.2)");
        }
        if (problems.hasErrors()) return null;
        return new MtaStsPolicy(dom, f.mode, new ArrayList<>(f.mx), f.maxAge, null, f.extensions, problems.at(0), null);
    }

    private static final class Fields {
        String version;
        MtaStsMode mode;
        long maxAge = -1;
        final Set<MxPattern> mx = new LinkedHashSet<>();
        final Map<String, String> extensions = new LinkedHashMap<>();
        final Map<String, Integer> firstLine = new LinkedHashMap<>();
    }

    private static void field(Text.Line line, Fields f, PolicyLimits limits, Problems problems) {
        String s = line.text();
        int n = line.number();
        if (s.isBlank()) return;
        int colon = s.indexOf(':');
        if (colon < 0) {
            problems.error(n, ProblemKind.SYNTAX, "expected \"key: value\", got " + Problems.quote(s));
            return;
        }
        String key = s.substring(0, colon).strip();
        String value = s.substring(colon + 1).strip();
        String k = key.toLowerCase(Locale.ROOT);
        if (!k.equals("mx") && !k.isEmpty()) {
            Integer first = f.firstLine.putIfAbsent(k, n);
            if (first != null) {
                // "all entries except for the first SHALL be ignored" (RFC 8461 §3.2)
                problems.warn(n, ProblemKind.DUPLICATE_FIELD, "duplicate " + Problems.quote(key) + " ignored; line " + first
                        + " is used (RFC 8461 §3.2)");
                return;
            }
        }
        if (!key.equals(k) && KNOWN.contains(k)) caseWarning("key", key, n, problems);
        switch (k) {
            case "version":
                if (value.equalsIgnoreCase("STSv1")) {
                    f.version = value;
                    if (!value.equals("STSv1")) caseWarning("version", value, n, problems);
                } else problems.error(n, ProblemKind.UNKNOWN_VALUE, "unsupported version " + Problems.quote(value) + " (expected STSv1)");
                break;
            case "mode":
                f.mode = MtaStsMode.parse(value);
                if (f.mode != null && !value.equals(value.toLowerCase(Locale.ROOT))) caseWarning("mode", value, n, problems);
                if (f.mode == null) {
                    problems.error(n, ProblemKind.UNKNOWN_VALUE,
                            "unknown mode " + Problems.quote(value) + " (expected enforce, testing or none)");
                }
                break;
            case "max_age":
                maxAge(value, n, f, problems);
                break;
            case "mx":
                mx(value, n, f, limits, problems);
                break;
            default:
                extension(key, value, n, f, problems);
        }
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("version", "mode", "max_age", "mx");

    /** RFC 8461 §3.2 spells names and values in one case; others are accepted with a warning, as lenient senders do. */
    private static void caseWarning(String what, String value, int n, Problems problems) {
        problems.warn(n, ProblemKind.SYNTAX, what + " " + Problems.quote(value) + " accepted, but RFC 8461 §3.2 spells it "
                + (what.equals("version") ? "\"STSv1\"" : "in lower case"));
    }

    private static void maxAge(String value, int n, Fields f, Problems problems) {
        long v = Text.decimal(value, 10); // 1*10DIGIT (RFC 8461 §3.2)
        if (v < 0) {
            problems.error(n, ProblemKind.SYNTAX, "max_age " + Problems.quote(value) + " is not 1 to 10 digits");
        } else if (v > MtaStsPolicy.MAX_AGE_LIMIT) {
            problems.error(n, ProblemKind.OUT_OF_RANGE, "max_age " + v + " out of range (0..31557600, RFC 8461 §3.2)");
        } else {
            f.maxAge = v;
        }
    }

    private static void mx(String value, int n, Fields f, PolicyLimits limits, Problems problems) {
        MxPattern p = MxPattern.mtaSts(value);
        if (p == null) {
            problems.error(n, ProblemKind.BAD_NAME, "invalid mx pattern " + Problems.quote(value)
                    + " (expected a host name or *.domain with the wildcard as the whole leftmost label, RFC 8461 §3.2)");
        } else if (f.mx.size() >= limits.maxPatternsPerPolicy() && !f.mx.contains(p)) {
            problems.error(n, ProblemKind.TOO_MANY_PATTERNS,
                    "more than " + limits.maxPatternsPerPolicy() + " mx patterns (PolicyLimits.maxPatternsPerPolicy)");
        } else {
            f.mx.add(p);
        }
    }

    private static void extension(String key, String value, int n, Fields f, Problems problems) {
        if (!isExtName(key)) {
            problems.error(n, ProblemKind.SYNTAX, "invalid key " + Problems.quote(key) + " (RFC 8461 §3.2 sts-policy-ext-name)");
            return;
        }
        f.extensions.put(key, value);
        problems.warn(n, ProblemKind.IGNORED_FIELD, "unknown key " + Problems.quote(key) + " ignored (RFC 8461 §3.2 extension field)");
    }

    /** {@code (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")} (RFC 8461 §3.1/§3.2). */
    static boolean isExtName(String s) {
        if (s.isEmpty() || s.length() > 32) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '-' && c != '.'))) return false;
        }
        return true;
    }

    /** Parses a {@code _mta-sts} TXT record file: the record text, optionally quoted; {@code #} comment lines and blank lines ignored. */
    public static Parsed<MtaStsTxtRecord> parseTxt(String file, String text, PolicyLimits limits) {
        Problems problems = new Problems(file, limits.maxProblemsPerFile());
        MtaStsTxtRecord r = parseTxt(text, limits, problems);
        return new Parsed<>(r == null ? List.of() : List.of(r), problems.toList());
    }

    static MtaStsTxtRecord parseTxt(String text, PolicyLimits limits, Problems problems) {
        MtaStsTxtRecord found = null;
        for (Text.Line line : Text.lines(text, limits.maxLineChars(), limits.maxEntriesPerFile(), problems)) {
            String s = line.text().strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            if (found != null) {
                problems.error(line.number(), ProblemKind.DUPLICATE_FIELD,
                        "second TXT record (first at line " + found.source().line() + ")");
                continue;
            }
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
            found = txtRecord(s, line.number(), problems);
        }
        if (found == null && !problems.hasErrors()) problems.error(0, ProblemKind.MISSING_FIELD, "no TXT record found");
        return problems.hasErrors() ? null : found;
    }

    private static MtaStsTxtRecord txtRecord(String s, int n, Problems problems) {
        String[] parts = s.split(";", -1);
        if (!parts[0].strip().equals("v=STSv1")) { // sts-version must come first (RFC 8461 §3.1)
            problems.error(n, ProblemKind.SYNTAX, "TXT record must start with \"v=STSv1;\", got " + Problems.quote(s));
            return null;
        }
        String id = null;
        Map<String, String> ext = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String field = parts[i].strip();
            if (field.isEmpty() && i == parts.length - 1) break; // optional trailing delimiter
            int eq = field.indexOf('=');
            String name = eq < 0 ? field : field.substring(0, eq);
            String value = eq < 0 ? "" : field.substring(eq + 1);
            if (eq <= 0 || value.isEmpty() || !isExtName(name)) {
                problems.error(n, ProblemKind.SYNTAX, "invalid TXT field " + Problems.quote(field) + " (expected name=value, RFC 8461 §3.1)");
            } else if (name.equals("id")) {
                if (id != null) problems.error(n, ProblemKind.DUPLICATE_FIELD, "duplicate id field");
                else if (!isStsId(value)) {
                    problems.error(n, ProblemKind.SYNTAX, "invalid id " + Problems.quote(value) + " (1 to 32 letters or digits, RFC 8461 §3.1)");
                } else id = value;
            } else {
                ext.putIfAbsent(name, value);
            }
        }
        if (id == null) {
            if (!problems.hasErrors()) problems.error(n, ProblemKind.MISSING_FIELD, "TXT record has no id field (RFC 8461 §3.1)");
            return null;
        }
        return new MtaStsTxtRecord(id, ext, problems.at(n));
    }

    private static boolean isStsId(String s) {
        if (s.isEmpty() || s.length() > 32) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
        }
        return true;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
