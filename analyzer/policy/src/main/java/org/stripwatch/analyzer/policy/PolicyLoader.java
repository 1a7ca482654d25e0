package org.stripwatch.analyzer.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads any mix of policy files and directories into one {@link PolicyStore}. The format is chosen
 * by file name (see the module README):
 * <ul>
 * <li>{@code <domain>.mta-sts.txt}: MTA-STS policy body for {@code <domain>}; optional
 *     {@code <domain>.mta-sts-txt} beside it holds the {@code _mta-sts} TXT record</li>
 * <li>{@code *.zone}, {@code *.tlsa}: TLSA records in zone-file syntax</li>
 * <li>{@code *.json}: EFF STARTTLS Everywhere list</li>
 * <li>{@code tls_policy}, {@code *.tls_policy}: Postfix smtp_tls_policy_maps source</li>
 * <li>{@code *.policy}: stripwatch policy file</li>
 * </ul>
 * Directories are walked in name order (hidden entries, {@code README*} and {@code *.md} skipped;
 * other unknown names are a warning). A path given explicitly with an unknown name is an error.
 * A file with any error contributes nothing, so a half-read policy is never applied.
 */
public final class PolicyLoader {
    private final PolicyLimits limits;

    public PolicyLoader(PolicyLimits limits) {
        this.limits = limits;
    }

    public PolicyLoader() {
        this(PolicyLimits.DEFAULTS);
    }

    /** Reads files and directories; never throws on bad content or unreadable files. */
    public LoadResult load(Collection<Path> paths) {
        Session s = new Session();
        for (Path p : paths) {
            if (Files.isDirectory(p)) directory(p, s);
            else file(p, true, s);
        }
        return s.finish();
    }

    /** Loads in-memory sources: file name → content (names decide the format as for files). For tests and embedding. */
    public LoadResult loadTexts(Map<String, String> files) {
        Session s = new Session();
        files.forEach((name, text) -> s.text(name, fileName(name), text, true));
        return s.finish();
    }

    private void directory(Path dir, Session s) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, limits.maxDirectoryDepth())) {
            files = walk.filter(Files::isRegularFile).filter(p -> !hidden(dir, p)).sorted()
                    .limit(limits.maxFiles() + 1L).toList();
        } catch (IOException | RuntimeException e) {
            s.problem(dir.toString(), ProblemKind.IO_ERROR, "cannot list directory: " + e.getMessage());
            return;
        }
        for (Path f : files) file(f, false, s);
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }

    private void file(Path p, boolean explicit, Session s) {
        String name = p.toString();
        if (++s.fileCount > limits.maxFiles()) {
            if (s.fileCount == limits.maxFiles() + 1) {
                s.problem(name, ProblemKind.TOO_MANY_FILES, "more than " + limits.maxFiles() + " files (PolicyLimits.maxFiles); rest ignored");
            }
            return;
        }
        String base = fileName(name);
        if (explicit && !Files.exists(p)) {
            // Named on the command line and not there: say so, not that its name is unknown.
            s.problem(name, ProblemKind.IO_ERROR, "no such file or directory");
            return;
        }
        if (type(base) == null) {
            s.unknown(name, base, explicit);
            return;
        }
        try {
            long size = Files.size(p);
            if (size > limits.maxFileBytes()) {
                s.problem(name, ProblemKind.FILE_TOO_LARGE, "file of " + size + " bytes exceeds PolicyLimits.maxFileBytes ("
                        + limits.maxFileBytes() + ")");
                return;
            }
            byte[] b = Files.readAllBytes(p);
            s.text(name, base, decode(b), explicit);
        } catch (IOException | RuntimeException e) {
            s.problem(name, ProblemKind.IO_ERROR, "cannot read: " + e.getMessage());
        }
    }

    private static String decode(byte[] b) {
        return new String(b, StandardCharsets.UTF_8); // malformed bytes become U+FFFD and fail name/field validation
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    private enum Type { MTA_STS, MTA_STS_TXT, ZONE, EFF_JSON, POSTFIX, STRIPWATCH }

    private static Type type(String base) {
        String b = base.toLowerCase(Locale.ROOT);
        if (b.endsWith(".mta-sts.txt")) return Type.MTA_STS;
        if (b.endsWith(".mta-sts-txt")) return Type.MTA_STS_TXT;
        if (b.endsWith(".zone") || b.endsWith(".tlsa")) return Type.ZONE;
        if (b.endsWith(".json")) return Type.EFF_JSON;
        if (b.equals("tls_policy") || b.endsWith(".tls_policy")) return Type.POSTFIX;
        if (b.endsWith(".policy")) return Type.STRIPWATCH;
        return null;
    }

    private static String domainPart(String base, String suffix) {
        return base.substring(0, base.length() - suffix.length());
    }

    /** Mutable state of one load call. */
    private final class Session {
        final List<ParseProblem> problems = new ArrayList<>();
        final List<Object> docs = new ArrayList<>(); // parsed documents in load order
        final Map<String, MtaStsTxtRecord> txt = new LinkedHashMap<>();
        final Map<String, String> txtFile = new LinkedHashMap<>();
        int fileCount, filesRead, filesIgnored, tlsa, otherZone;

        void problem(String file, ProblemKind kind, String msg) {
            problems.add(new ParseProblem(new SourceRef(file, 0), ParseProblem.Severity.ERROR, kind, msg));
        }

        void unknown(String name, String base, boolean explicit) {
            filesIgnored++;
            String b = base.toLowerCase(Locale.ROOT);
            if (!explicit && (b.startsWith("readme") || b.endsWith(".md"))) return;
            problems.add(new ParseProblem(new SourceRef(name, 0),
                    explicit ? ParseProblem.Severity.ERROR : ParseProblem.Severity.WARNING, ProblemKind.UNKNOWN_FILE_TYPE,
                    "unrecognised policy file name (expected <domain>.mta-sts.txt, <domain>.mta-sts-txt, *.zone, *.tlsa, "
                            + "*.json, tls_policy, *.tls_policy or *.policy)" + (explicit ? "" : "; ignored")));
        }

        void text(String name, String base, String text, boolean explicit) {
            Type t = type(base);
            if (t == null) {
                unknown(name, base, explicit);
                return;
            }
            if (text.length() > limits.maxFileBytes()) {
                problem(name, ProblemKind.FILE_TOO_LARGE, "file exceeds PolicyLimits.maxFileBytes (" + limits.maxFileBytes() + ")");
                return;
            }
            filesRead++;
            Problems pr = new Problems(name, limits.maxProblemsPerFile());
            Object doc;
            try {
                doc = parse(t, base, text, pr);
            } catch (RuntimeException e) {
                // a parser bug must not take the whole load down with a stack trace; report it like bad input
                pr.error(0, ProblemKind.SYNTAX, "internal parser error (please report): " + e);
                doc = null;
            }
            problems.addAll(pr.toList());
            if (doc != null && !pr.hasErrors()) docs.add(doc);
        }

        private Object parse(Type t, String base, String text, Problems pr) {
            switch (t) {
                case MTA_STS:
                    return MtaStsParser.parsePolicy(domainPart(base, ".mta-sts.txt"), text, limits, pr);
                case MTA_STS_TXT: {
                    String d = DomainNames.normalize(domainPart(base, ".mta-sts-txt"));
                    if (d == null) {
                        pr.error(0, ProblemKind.BAD_NAME, "file name does not start with a domain");
                        return null;
                    }
                    MtaStsTxtRecord r = MtaStsParser.parseTxt(text, limits, pr);
                    if (r != null && !pr.hasErrors()) {
                        txt.put(d, r);
                        txtFile.put(d, pr.file());
                    }
                    return null;
                }
                case ZONE:
                    ZoneFileParser.Zone z = ZoneFileParser.parse(text, limits, pr);
                    tlsa += z.tlsa().size();
                    otherZone += z.otherRecords();
                    return z;
                case EFF_JSON:
                    return StarttlsEverywhereParser.parse(text, limits, pr);
                case POSTFIX:
                    return new PostfixDoc(PostfixPolicyParser.parse(text, limits, pr));
                default:
                    return new RulesDoc(StripwatchPolicyParser.parse(text, limits, pr));
            }
        }

        LoadResult finish() {
            List<Expectation> out = new ArrayList<>();
            java.util.Set<String> txtUsed = new java.util.HashSet<>();
            for (Object d : docs) {
                if (d instanceof MtaStsPolicy) {
                    MtaStsPolicy p = (MtaStsPolicy) d;
                    MtaStsTxtRecord r = txt.get(p.domain());
                    if (r != null) {
                        p = p.withTxt(r.id(), r.source());
                        txtUsed.add(p.domain());
                    }
                    out.add(Expectations.from(p));
                } else if (d instanceof ZoneFileParser.Zone) {
                    out.addAll(Expectations.fromTlsa(((ZoneFileParser.Zone) d).tlsa()));
                } else if (d instanceof StarttlsEverywhereList) {
                    out.addAll(Expectations.from((StarttlsEverywhereList) d));
                } else if (d instanceof PostfixDoc) {
                    for (PostfixPolicyEntry e : ((PostfixDoc) d).entries) out.add(Expectations.from(e));
                } else if (d instanceof RulesDoc) {
                    out.addAll(Expectations.fromRules(((RulesDoc) d).rules));
                }
            }
            for (String d : txt.keySet()) {
                if (!txtUsed.contains(d)) {
                    problems.add(new ParseProblem(new SourceRef(txtFile.get(d), 0), ParseProblem.Severity.WARNING,
                            ProblemKind.MISSING_FIELD, "TXT record for " + d + " has no " + d + ".mta-sts.txt policy file"));
                }
            }
            if (out.size() > limits.maxTotalEntries()) {
                problems.add(new ParseProblem(new SourceRef("(all policies)", 0), ParseProblem.Severity.ERROR,
                        ProblemKind.TOO_MANY_ENTRIES, "more than " + limits.maxTotalEntries()
                        + " expectations (PolicyLimits.maxTotalEntries); rest dropped"));
                out = new ArrayList<>(out.subList(0, limits.maxTotalEntries()));
            }
            return new LoadResult(new PolicyStore(out), problems, stats(out.size()));
        }

        private LoadStats stats(int expectations) {
            Map<ProblemKind, Long> counts = new EnumMap<>(ProblemKind.class);
            int errors = 0, warnings = 0;
            for (ParseProblem p : problems) {
                counts.merge(p.kind(), 1L, Long::sum);
                if (p.isError()) errors++;
                else warnings++;
            }
            return new LoadStats(filesRead, filesIgnored, expectations, tlsa, otherZone, errors, warnings, counts);
        }
    }

    private record PostfixDoc(List<PostfixPolicyEntry> entries) {
    }

    private record RulesDoc(List<StripwatchRule> rules) {
    }
}
