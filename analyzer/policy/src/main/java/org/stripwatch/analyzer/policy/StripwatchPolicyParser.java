package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads stripwatch's own policy file: one rule per line, {@code #} comments, blank lines ignored.
 * <pre>
 * require-tls &lt;target&gt; [min-tls=TLSv1.2] [mx=pattern,...] [mode=enforce|report]
 * pin         &lt;target&gt; (cert|spki)-(sha256|sha512)=&lt;hex or base64&gt; [mode=enforce|report]
 * </pre>
 * A target is a mail domain ({@code partner.example}) or an MX host ({@code mx:mx1.partner.example}).
 * MX patterns are exact names, {@code *.domain} (one label, as in MTA-STS) or {@code .domain} (any depth).
 * Several {@code pin} lines for one target are alternatives (any one may match), which is how a
 * key rollover is written.
 */
public final class StripwatchPolicyParser {
    private StripwatchPolicyParser() {
    }

    public static Parsed<StripwatchRule> parse(String file, String text, PolicyLimits limits) {
        Problems problems = new Problems(file, limits.maxProblemsPerFile());
        List<StripwatchRule> rules = parse(text, limits, problems);
        return new Parsed<>(rules, problems.toList());
    }

    static List<StripwatchRule> parse(String text, PolicyLimits limits, Problems problems) {
        List<StripwatchRule> out = new ArrayList<>();
        for (Text.Line l : Text.lines(text, limits.maxLineChars(), Integer.MAX_VALUE, problems)) {
            String s = l.text().strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            if (out.size() >= limits.maxEntriesPerFile()) {
                problems.error(l.number(), ProblemKind.TOO_MANY_ENTRIES,
                        "more than " + limits.maxEntriesPerFile() + " rules (PolicyLimits.maxEntriesPerFile); rest ignored");
                break;
            }
            StripwatchRule r = rule(Text.fields(s), l.number(), limits, problems);
            if (r != null) out.add(r);
        }
        return out;
    }

    /** One rule's options. */
    private static final class Opts {
        TlsVersion minTls;
        final Set<MxPattern> mx = new LinkedHashSet<>();
        Pin pin;
        boolean enforced = true;
        boolean bad;
    }

    private static StripwatchRule rule(List<String> f, int n, PolicyLimits limits, Problems problems) {
        String d = f.get(0).toLowerCase(Locale.ROOT);
        StripwatchRule.Directive dir = d.equals("require-tls") ? StripwatchRule.Directive.REQUIRE_TLS
                : d.equals("pin") ? StripwatchRule.Directive.PIN : null;
        if (dir == null) {
            problems.error(n, ProblemKind.UNKNOWN_VALUE, "unknown directive " + Problems.quote(f.get(0)) + " (expected require-tls or pin)");
            return null;
        }
        if (f.size() < 2) {
            problems.error(n, ProblemKind.SYNTAX, d + " needs a target (domain or mx:host)");
            return null;
        }
        String t = f.get(1);
        boolean mxHost = t.regionMatches(true, 0, "mx:", 0, 3);
        String subject = DomainNames.normalize(mxHost ? t.substring(3) : t);
        if (subject == null) problems.error(n, ProblemKind.BAD_NAME, "invalid target " + Problems.quote(t) + " (domain or mx:host)");
        Opts o = new Opts();
        for (String opt : f.subList(2, f.size())) option(opt, dir, o, n, limits, problems);
        if (dir == StripwatchRule.Directive.PIN && o.pin == null && !o.bad) {
            problems.error(n, ProblemKind.MISSING_FIELD, "pin needs cert-sha256=, spki-sha256=, cert-sha512= or spki-sha512=");
            return null;
        }
        if (subject == null || o.bad) return null;
        return new StripwatchRule(dir, mxHost, subject, o.minTls, new ArrayList<>(o.mx), o.pin, o.enforced, problems.at(n));
    }

    private static void option(String opt, StripwatchRule.Directive dir, Opts o, int n, PolicyLimits limits, Problems problems) {
        int eq = opt.indexOf('=');
        String name = eq <= 0 ? opt : opt.substring(0, eq).toLowerCase(Locale.ROOT);
        String value = eq <= 0 ? "" : opt.substring(eq + 1);
        if (eq <= 0 || value.isEmpty()) {
            bad(o, problems, n, ProblemKind.SYNTAX, "option " + Problems.quote(opt) + " is not name=value");
            return;
        }
        switch (name) {
            case "min-tls":
                o.minTls = TlsVersion.parse(value);
                if (o.minTls == null) bad(o, problems, n, ProblemKind.UNKNOWN_VALUE, "unknown TLS version " + Problems.quote(value)
                        + " (expected TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3)");
                break;
            case "mx":
                for (String m : value.split(",", -1)) {
                    MxPattern p = m.startsWith("*.") ? MxPattern.mtaSts(m) : MxPattern.dotSuffix(m);
                    if (p == null) bad(o, problems, n, ProblemKind.BAD_NAME, "invalid mx pattern " + Problems.quote(m));
                    else if (o.mx.size() >= limits.maxPatternsPerPolicy()) {
                        bad(o, problems, n, ProblemKind.TOO_MANY_PATTERNS, "more than " + limits.maxPatternsPerPolicy() + " mx patterns");
                        return;
                    } else o.mx.add(p);
                }
                break;
            case "mode":
                if (value.equalsIgnoreCase("enforce")) o.enforced = true;
                else if (value.equalsIgnoreCase("report")) o.enforced = false;
                else bad(o, problems, n, ProblemKind.UNKNOWN_VALUE, "unknown mode " + Problems.quote(value) + " (expected enforce or report)");
                break;
            case "cert-sha256": case "spki-sha256": case "cert-sha512": case "spki-sha512":
                if (dir != StripwatchRule.Directive.PIN) {
                    bad(o, problems, n, ProblemKind.SYNTAX, name + "= belongs on a pin line");
                } else if (o.pin != null) {
                    bad(o, problems, n, ProblemKind.DUPLICATE_FIELD, "one fingerprint per pin line; write another pin line for an alternative");
                } else {
                    o.pin = pin(name, value, o, n, problems);
                }
                break;
            default:
                bad(o, problems, n, ProblemKind.UNKNOWN_VALUE, "unknown option " + Problems.quote(name)
                        + " (expected min-tls, mx, mode, cert-sha256, spki-sha256, cert-sha512 or spki-sha512)");
        }
    }

    private static Pin pin(String name, String value, Opts o, int n, Problems problems) {
        Pin.Target target = name.startsWith("cert") ? Pin.Target.CERT : Pin.Target.SPKI;
        Pin.Digest digest = name.endsWith("256") ? Pin.Digest.SHA256 : Pin.Digest.SHA512;
        byte[] b = Text.hex(value);
        if (b == null || b.length != digest.length()) b = base64(value);
        if (b == null || b.length != digest.length()) {
            bad(o, problems, n, ProblemKind.BAD_DIGEST_LENGTH, name + " needs " + digest.length()
                    + " bytes as hex (colons allowed) or base64, got " + Problems.quote(value));
            return null;
        }
        return Pin.of(target, b);
    }

    private static byte[] base64(String s) {
        try {
            return Base64.getDecoder().decode(s); // RFC 4648 §4, as in RFC 7469 pin-sha256
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void bad(Opts o, Problems problems, int n, ProblemKind kind, String msg) {
        o.bad = true;
        problems.error(n, kind, msg);
    }
}
