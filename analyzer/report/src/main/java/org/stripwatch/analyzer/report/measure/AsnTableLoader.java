package org.stripwatch.analyzer.report.measure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads IP-to-AS tables in the two common public formats, detected per file from its first data line:
 * <ul>
 * <li>ip2asn TSV (iptoasn.com {@code ip2asn-v4.tsv}, {@code ip2asn-v6.tsv}, {@code ip2asn-combined.tsv}):
 * {@code range_start TAB range_end TAB AS_number TAB country_code TAB AS_description}, addresses as text or, in
 * {@code ip2asn-v4-u32.tsv}, as unsigned 32-bit numbers. AS 0 ("Not routed") lines map nothing.</li>
 * <li>CAIDA Routeviews prefix-to-AS ({@code routeviews-rv2-*.pfx2as}, {@code routeviews-rv6-*.pfx2as}):
 * {@code prefix TAB length TAB AS}, AS being {@code a}, a multi-origin {@code a_b} or an AS-set {@code a,b}
 * (see {@link AsInfo} for how those are attributed). No country.</li>
 * </ul>
 * Files may be gzip-compressed ({@code .gz}). Blank lines and lines starting with {@code #} are skipped. A
 * malformed line never throws: it becomes one error "file:line: what is wrong" (at most
 * {@link #MAX_ERRORS} are kept, the rest counted), and callers should refuse a table with errors rather than
 * measure with a silently partial one.
 */
public final class AsnTableLoader {
    /** Errors kept verbatim; more are only counted (a wrong file would otherwise produce millions). */
    public static final int MAX_ERRORS = 20;
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern U32 = Pattern.compile("\\d{1,10}");
    private static final Pattern ORIGIN = Pattern.compile("\\d{1,10}([_,]\\d{1,10})*");

    /** A loaded table, the errors met ("file:line: ..."), how many were not kept, and data lines read. */
    public record Result(AsnTable table, List<String> errors, long moreErrors, long lines) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final List<AsnTable.Entry> entries = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private long moreErrors, lines;

    private AsnTableLoader() {
    }

    /** Loads and merges every file; never throws (unreadable files are errors too). */
    public static Result load(List<Path> files) {
        AsnTableLoader l = new AsnTableLoader();
        for (Path f : files) l.file(f);
        AsnTable t = AsnTable.build(l.entries);
        return new Result(t, List.copyOf(l.errors), l.moreErrors, l.lines);
    }

    private void file(Path f) {
        try (InputStream raw = Files.newInputStream(f);
             InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int n = 0;
            Boolean ip2asn = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                lines++;
                String[] fields = line.split("\t", -1);
                if (ip2asn == null) ip2asn = fields.length >= 4;
                String problem = ip2asn ? ip2asn(fields) : pfx2as(line.trim().split("\\s+"));
                if (problem != null) error(f + ":" + n + ": " + problem + " in \"" + shorten(line) + "\"");
            }
        } catch (IOException | RuntimeException e) {
            error(f + ": cannot read: " + e.getMessage());
        }
    }

    /** {@code start end asn country description}; returns the problem or null. */
    private String ip2asn(String[] f) {
        if (f.length < 4) return "expected 5 tab-separated fields (range_start range_end AS country description), got " + f.length;
        IpKey start = addr(f[0]), end = addr(f[1]);
        if (start == null || end == null) return "range_start/range_end is not an IP address";
        if (isV4(f[0]) != isV4(f[1])) return "range_start and range_end are of different address families";
        if (start.compareTo(end) > 0) return "range_start is after range_end";
        if (!U32.matcher(f[2]).matches()) return "AS_number is not a number";
        long asn = Long.parseLong(f[2]);
        if (asn > 0xffff_ffffL) return "AS_number is larger than 32 bits";
        if (asn == 0) return null; // "Not routed": an unannounced range maps nothing
        String cc = f[3].trim();
        if (cc.equalsIgnoreCase("None") || cc.equalsIgnoreCase("ZZ")) cc = "";
        if (!cc.isEmpty() && !cc.matches("[A-Za-z]{2}")) return "country_code is not two letters";
        entries.add(new AsnTable.Entry(start, end, new AsInfo(f[2], asn, cc.toUpperCase(), f.length > 4 ? f[4].trim() : ""), lines));
        return null;
    }

    /** {@code prefix length origin}; returns the problem or null. */
    private String pfx2as(String[] f) {
        if (f.length != 3) return "expected 3 fields (prefix length AS), got " + f.length;
        IpKey net = addr(f[0]);
        if (net == null) return "prefix is not an IP address";
        boolean v4 = isV4(f[0]);
        if (!f[1].matches("\\d{1,3}")) return "length is not a number";
        int len = Integer.parseInt(f[1]);
        if (len > (v4 ? 32 : 128)) return "length " + len + " is too long for the address family";
        if (!net.isNetwork(len, v4)) return "host bits set below /" + len;
        if (!ORIGIN.matcher(f[2]).matches()) return "AS is not a number, a_b (multi-origin) or a,b (AS-set)";
        String first = f[2].split("[_,]")[0];
        long asn = Long.parseLong(first);
        if (asn > 0xffff_ffffL) return "AS is larger than 32 bits";
        entries.add(new AsnTable.Entry(net, net.lastOf(len, v4), new AsInfo(f[2], asn, "", ""), lines));
        return null;
    }

    private static boolean isV4(String s) {
        return s.indexOf(':') < 0;
    }

    /** A literal only, never a DNS lookup: dotted quad, unsigned 32-bit number, or text containing ':'. */
    static IpKey addr(String s) {
        s = s.trim();
        try {
            if (U32.matcher(s).matches()) {
                long v = Long.parseLong(s);
                if (v > 0xffff_ffffL) return null;
                return IpKey.of(new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
            }
            if (V4.matcher(s).matches()) {
                for (String o : s.split("\\.")) if (Integer.parseInt(o) > 255) return null;
            } else if (s.indexOf(':') < 0 || !s.matches("[0-9A-Fa-f:.]+")) {
                return null;
            }
            return IpKey.of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private void error(String e) {
        if (errors.size() < MAX_ERRORS) errors.add(e);
        else moreErrors++;
    }

    private static String shorten(String line) {
        String s = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return s.replace("\t", "\\t");
    }
}
