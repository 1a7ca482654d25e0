package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads TLSA records from DNS master-file text (RFC 1035 §5.1): optional owner (blank = previous
 * owner, {@code @} = origin), optional TTL and class in either order, parentheses spanning lines,
 * {@code ;} comments, {@code $ORIGIN} and {@code $TTL}, hex data split by whitespace (RFC 6698 §2.2),
 * RFC 7218 mnemonics ({@code DANE-EE SPKI SHA2-256}) and RFC 3597 generic RDATA ({@code TYPE52 \# n hex}).
 * Records of other types are skipped and counted. Relative names without a {@code $ORIGIN} are taken
 * as absolute. {@code $INCLUDE} is refused: a policy load must not read files it was not given.
 */
public final class ZoneFileParser {
    private static final int MAX_TOKENS_PER_RECORD = 4096;

    private ZoneFileParser() {
    }

    /** Result: the TLSA records and how many records of other types were skipped. */
    public record Zone(List<TlsaRecord> tlsa, int otherRecords) {
        public Zone {
            tlsa = List.copyOf(tlsa);
        }
    }

    public static Parsed<Zone> parse(String file, String text, PolicyLimits limits) {
        Problems problems = new Problems(file, limits.maxProblemsPerFile());
        Zone z = parse(text, limits, problems);
        return new Parsed<>(List.of(z), problems.toList());
    }

    static Zone parse(String text, PolicyLimits limits, Problems problems) {
        State st = new State(limits);
        for (Entry e : entries(text, limits, problems)) {
            if (st.records.size() >= limits.maxEntriesPerFile()) {
                problems.error(e.line, ProblemKind.TOO_MANY_ENTRIES,
                        "more than " + limits.maxEntriesPerFile() + " TLSA records (PolicyLimits.maxEntriesPerFile); rest ignored");
                break;
            }
            entry(e, st, problems);
        }
        return new Zone(st.records, st.other);
    }

    /** One logical record: its tokens, first line, and whether it began with blank space (owner omitted). */
    private record Entry(List<String> tokens, int line, boolean indented) {
    }

    private static final class State {
        final PolicyLimits limits;
        final List<TlsaRecord> records = new ArrayList<>();
        String origin;
        String lastOwner;
        long defaultTtl = -1;
        long lastTtl = 0;
        int other;

        State(PolicyLimits limits) {
            this.limits = limits;
        }
    }

    // ---- tokenizer: comments, quotes, parentheses (RFC 1035 §5.1)

    private static List<Entry> entries(String text, PolicyLimits limits, Problems problems) {
        List<Entry> out = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        int depth = 0, startLine = 0, chars = 0;
        boolean indented = false, overflow = false;
        for (Text.Line line : Text.lines(text, limits.maxLineChars(), Integer.MAX_VALUE, problems)) {
            String s = line.text();
            if (depth == 0) {
                tokens = new ArrayList<>();
                startLine = line.number();
                indented = !s.isEmpty() && Text.isWsp(s.charAt(0));
                chars = 0;
                overflow = false;
            }
            chars += s.length();
            if (chars > limits.maxLineChars() && !overflow) {
                problems.error(startLine, ProblemKind.LINE_TOO_LONG,
                        "record longer than " + limits.maxLineChars() + " characters (PolicyLimits.maxLineChars)");
                overflow = true;
            }
            depth = tokenize(s, tokens, depth, line.number(), problems);
            if (depth == 0 && !tokens.isEmpty() && !overflow) out.add(new Entry(List.copyOf(tokens), startLine, indented));
            if (out.size() > limits.maxEntriesPerFile() * 4L + 16) { // other types count too; keep memory bounded
                problems.error(line.number(), ProblemKind.TOO_MANY_ENTRIES, "more than " + out.size()
                        + " records of any type (4 x PolicyLimits.maxEntriesPerFile); rest of file ignored");
                break;
            }
        }
        if (depth > 0) problems.error(startLine, ProblemKind.SYNTAX, "unclosed \"(\" at end of file");
        return out;
    }

    private static int tokenize(String s, List<String> tokens, int depth, int lineNo, Problems problems) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Text.isWsp(c)) {
                i++;
            } else if (c == ';') {
                break;
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (depth == 0) problems.error(lineNo, ProblemKind.SYNTAX, "\")\" without \"(\"");
                else depth--;
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    problems.error(lineNo, ProblemKind.SYNTAX, "unterminated quoted string");
                    end = s.length() - 1;
                }
                add(tokens, s.substring(i, end + 1), lineNo, problems);
                i = end + 1;
            } else {
                int st = i;
                while (i < s.length() && !Text.isWsp(s.charAt(i)) && "();\"".indexOf(s.charAt(i)) < 0) i++;
                add(tokens, s.substring(st, i), lineNo, problems);
            }
        }
        return depth;
    }

    private static void add(List<String> tokens, String t, int lineNo, Problems problems) {
        if (tokens.size() == MAX_TOKENS_PER_RECORD) {
            problems.error(lineNo, ProblemKind.LINE_TOO_LONG, "more than " + MAX_TOKENS_PER_RECORD + " fields in one record");
        }
        if (tokens.size() < MAX_TOKENS_PER_RECORD) tokens.add(t);
    }

    // ---- records

    private static void entry(Entry e, State st, Problems problems) {
        List<String> t = e.tokens;
        String first = t.get(0);
        if (!e.indented && first.startsWith("$")) {
            directive(e, st, problems);
            return;
        }
        int i = 0;
        String owner;
        if (e.indented) {
            owner = st.lastOwner;
            if (owner == null) {
                problems.error(e.line, ProblemKind.SYNTAX, "record without owner name and no previous owner");
                return;
            }
        } else {
            owner = absolute(first, st);
            i = 1;
            if (owner == null) {
                problems.error(e.line, ProblemKind.BAD_NAME, "invalid owner name " + Problems.quote(first));
                return;
            }
            st.lastOwner = owner;
        }
        long ttl = -1;
        String cls = null;
        while (i < t.size() && i < 3) { // [TTL] [class] | [class] [TTL] (RFC 1035 §5.1)
            long v = ttl(t.get(i));
            if (v >= 0 && ttl < 0) ttl = v;
            else if (cls == null && isClass(t.get(i))) cls = t.get(i).toUpperCase(Locale.ROOT);
            else break;
            i++;
        }
        if (i >= t.size()) {
            problems.error(e.line, ProblemKind.SYNTAX, "record has no type");
            return;
        }
        if (ttl < 0) ttl = st.defaultTtl >= 0 ? st.defaultTtl : st.lastTtl;
        st.lastTtl = ttl;
        String type = t.get(i).toUpperCase(Locale.ROOT);
        if (!type.equals("TLSA") && !type.equals("TYPE52")) {
            st.other++;
            return;
        }
        if (cls != null && !cls.equals("IN")) {
            problems.error(e.line, ProblemKind.UNKNOWN_VALUE, "TLSA record in class " + cls + " (expected IN)");
            return;
        }
        tlsa(owner, ttl, t.subList(i + 1, t.size()), e.line, st, problems);
    }

    private static void directive(Entry e, State st, Problems problems) {
        String d = e.tokens.get(0).toUpperCase(Locale.ROOT);
        if (d.equals("$ORIGIN") && e.tokens.size() == 2) {
            String o = absolute(e.tokens.get(1), st);
            if (o == null) problems.error(e.line, ProblemKind.BAD_NAME, "invalid $ORIGIN " + Problems.quote(e.tokens.get(1)));
            else st.origin = o;
        } else if (d.equals("$TTL") && e.tokens.size() == 2) {
            long v = ttl(e.tokens.get(1));
            if (v < 0) problems.error(e.line, ProblemKind.SYNTAX, "invalid $TTL " + Problems.quote(e.tokens.get(1)));
            else st.defaultTtl = v;
        } else if (d.equals("$INCLUDE") || d.equals("$GENERATE")) {
            problems.error(e.line, ProblemKind.UNKNOWN_VALUE, d + " is not supported in policy zone files; list each file instead");
        } else {
            problems.error(e.line, ProblemKind.SYNTAX, "unknown or malformed directive " + Problems.quote(e.tokens.get(0)));
        }
    }

    private static void tlsa(String owner, long ttl, List<String> rdata, int line, State st, Problems problems) {
        int[] fields = new int[3];
        String hex;
        if (!rdata.isEmpty() && rdata.get(0).equals("\\#")) {
            hex = generic(rdata, fields, line, problems); // RFC 3597 §5
            if (hex == null) return;
        } else {
            if (rdata.size() < 4) {
                problems.error(line, ProblemKind.SYNTAX,
                        "TLSA needs usage, selector, matching type and data (RFC 6698 §2.2), got " + rdata.size() + " fields");
                return;
            }
            for (int k = 0; k < 3; k++) {
                fields[k] = field(k, rdata.get(k));
                if (fields[k] < 0) {
                    problems.error(line, ProblemKind.UNKNOWN_VALUE, "invalid TLSA " + FIELD_NAMES[k] + " "
                            + Problems.quote(rdata.get(k)) + " (0..255 or an RFC 7218 mnemonic)");
                    return;
                }
            }
            byte[] data = Text.hex(String.join("", rdata.subList(3, rdata.size())));
            if (data == null) {
                problems.error(line, ProblemKind.BAD_HEX, "TLSA data is not hexadecimal (RFC 6698 §2.2)");
                return;
            }
            hex = Text.toHex(data);
        }
        Owner o = owner(owner);
        if (o == null) {
            problems.error(line, ProblemKind.BAD_NAME, "TLSA owner " + Problems.quote(owner)
                    + " is not _port._tcp.host (RFC 6698 §3)");
            return;
        }
        TlsaRecord r = new TlsaRecord(o.host, o.port, o.proto, ttl, fields[0], fields[1], fields[2], hex, problems.at(line));
        check(r, line, problems);
        st.records.add(r);
    }

    private static final String[] FIELD_NAMES = {"usage", "selector", "matching type"};
    private static final String[][] MNEMONICS = {
        {"PKIX-TA", "PKIX-EE", "DANE-TA", "DANE-EE"}, {"CERT", "SPKI"}, {"FULL", "SHA2-256", "SHA2-512"}};

    private static int field(int k, String s) {
        long v = Text.decimal(s, 3);
        if (v >= 0) return v <= 255 ? (int) v : -1;
        String u = s.toUpperCase(Locale.ROOT);
        for (int m = 0; m < MNEMONICS[k].length; m++) if (MNEMONICS[k][m].equals(u)) return m;
        if (k == 0 && u.equals("PRIVCERT")) return 255;
        if (k == 1 && u.equals("PRIVSEL")) return 255;
        if (k == 2 && u.equals("PRIVMATCH")) return 255;
        return -1;
    }

    private static String generic(List<String> rdata, int[] fields, int line, Problems problems) {
        long len = rdata.size() >= 2 ? Text.decimal(rdata.get(1), 5) : -1;
        byte[] data = rdata.size() >= 3 ? Text.hex(String.join("", rdata.subList(2, rdata.size()))) : null;
        if (len < 4 || data == null || data.length != len) {
            problems.error(line, ProblemKind.SYNTAX, "malformed generic RDATA (\\# length hex, RFC 3597 §5)");
            return null;
        }
        for (int k = 0; k < 3; k++) fields[k] = data[k] & 0xff;
        return Text.toHex(java.util.Arrays.copyOfRange(data, 3, data.length));
    }

    private static void check(TlsaRecord r, int line, Problems problems) {
        if (r.usage() == TlsaRecord.USAGE_PKIX_TA || r.usage() == TlsaRecord.USAGE_PKIX_EE) {
            problems.warn(line, ProblemKind.UNUSABLE_RECORD, "TLSA usage " + r.usage() + " (" + r.usageName()
                    + ") is unusable for SMTP; recorded, not applied (RFC 7672 §3.1.3)");
        } else if (r.usage() > 3 || r.selector() > 1 || r.matchingType() > 2) {
            problems.warn(line, ProblemKind.UNUSABLE_RECORD, "TLSA " + r.usage() + " " + r.selector() + " "
                    + r.matchingType() + " has an unknown parameter; recorded, unusable (RFC 7672 §2.2)");
        }
        int len = r.dataHex().length() / 2;
        int want = r.matchingType() == 1 ? 32 : r.matchingType() == 2 ? 64 : -1;
        if (want > 0 && len != want) {
            problems.error(line, ProblemKind.BAD_DIGEST_LENGTH, "TLSA matching type " + r.matchingType() + " needs "
                    + want + " bytes of data, got " + len + " (RFC 6698 §2.1.3)");
        }
    }

    private record Owner(int port, String proto, String host) {
    }

    /** Splits {@code _25._tcp.mx.example.com} (RFC 6698 §3). */
    private static Owner owner(String name) {
        String[] labels = name.split("\\.", 3);
        if (labels.length < 3 || !labels[0].startsWith("_") || !labels[1].startsWith("_")) return null;
        long port = Text.decimal(labels[0].substring(1), 5);
        String proto = labels[1].substring(1).toLowerCase(Locale.ROOT);
        String host = DomainNames.normalizeOwner(labels[2]);
        if (port < 0 || port > 65535 || host == null || !(proto.equals("tcp") || proto.equals("udp") || proto.equals("sctp"))) {
            return null;
        }
        return new Owner((int) port, proto, host);
    }

    private static String absolute(String name, State st) {
        if (name.equals("@")) return st.origin;
        if (name.endsWith(".") || st.origin == null) return DomainNames.normalizeOwner(name);
        return DomainNames.normalizeOwner(name + "." + st.origin);
    }

    private static boolean isClass(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        return u.equals("IN") || u.equals("CH") || u.equals("HS") || u.equals("CS");
    }

    /** Seconds, or BIND units such as {@code 1h30m} / {@code 2d}; -1 if not a TTL. */
    static long ttl(String s) {
        if (s.isEmpty() || s.length() > 20) return -1;
        long total = 0, cur = 0;
        boolean digits = false;
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c >= '0' && c <= '9') {
                cur = cur * 10 + (c - '0');
                digits = true;
                continue;
            }
            int mult = c == 's' ? 1 : c == 'm' ? 60 : c == 'h' ? 3600 : c == 'd' ? 86400 : c == 'w' ? 604800 : -1;
            if (mult < 0 || !digits) return -1;
            total += cur * mult;
            cur = 0;
            digits = false;
        }
        total += cur;
        return total <= 0xFFFFFFFFL ? total : -1; // 32-bit TTL (RFC 2181 §8)
    }
}
