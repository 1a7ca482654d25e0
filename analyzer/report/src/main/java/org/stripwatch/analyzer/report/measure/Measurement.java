package org.stripwatch.analyzer.report.measure;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.schemas.SessionRecord;

/**
 * Aggregates session records per UTC day (and over the whole input, day {@code all}) and per receiving server,
 * receiving prefix, origin AS and country. Sessions not kept by the sampler are counted only in
 * {@link #seen()}. Memory is bounded by {@link MeasureConfig#maxGroups()}; single-threaded.
 */
public final class Measurement {
    /** What a row is grouped by. */
    public enum Dimension {
        ALL("all"), SERVER("server"), PREFIX("prefix"), AS("as"), COUNTRY("country");

        public final String wireName;

        Dimension(String wireName) {
            this.wireName = wireName;
        }
    }

    /** Unknown AS or country (no table, or an address the table does not cover). */
    public static final String UNKNOWN = "unknown";
    public static final String OTHER = "(other)";
    public static final String ALL_DAYS = "all";

    /** One result row. {@code asName} and {@code country} describe AS rows when the table has them. */
    public record Row(String day, Dimension dimension, String key, String asName, String country, Counts counts,
                      int sampleOneIn) {
    }

    private record Key(String day, Dimension dim, String key) {
    }

    private final MeasureConfig config;
    private final AsnTable table;
    private final Map<Key, Counts> groups = new HashMap<>();
    private final Map<String, AsInfo> asInfo = new HashMap<>();
    private long seen, groupsOverflowed;

    public Measurement(MeasureConfig config, AsnTable table) {
        this.config = config;
        this.table = table == null ? AsnTable.empty() : table;
    }

    public void add(SessionRecord s) {
        seen++;
        if (!config.sampler().keep(s)) return;
        String day = LocalDate.ofInstant(s.getStart(), ZoneOffset.UTC).toString();
        ByteBuffer server = s.getServerIp();
        AsInfo as = table.lookup(server);
        String asKey = as == null ? UNKNOWN : as.label();
        if (as != null) asInfo.putIfAbsent(asKey, as);
        String cc = as == null || as.country().isEmpty() ? UNKNOWN : as.country();
        String[] keys = {"", Sessions.ip(server), prefix(server), asKey, cc};
        for (Dimension d : Dimension.values()) {
            group(day, d, keys[d.ordinal()]).add(s);
            group(ALL_DAYS, d, keys[d.ordinal()]).add(s);
        }
    }

    public void addAll(Iterable<SessionRecord> sessions) {
        for (SessionRecord s : sessions) add(s);
    }

    private Counts group(String day, Dimension d, String key) {
        Key k = new Key(day, d, key);
        Counts c = groups.get(k);
        if (c != null) return c;
        if (groups.size() >= config.maxGroups()) {
            groupsOverflowed++;
            k = new Key(day, d, OTHER);
            c = groups.get(k);
            if (c != null) return c;
        }
        c = new Counts();
        groups.put(k, c);
        return c;
    }

    /** The receiving prefix, e.g. 203.0.113.0/24 or 2001:db8:3::/48. */
    String prefix(ByteBuffer ip) {
        ByteBuffer d = ip.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        int len = a.length == 4 ? config.v4PrefixLength() : config.v6PrefixLength();
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, len - 8 * i));
            a[i] &= (byte) (0xff << (8 - keep));
        }
        return Sessions.ip(ByteBuffer.wrap(a)) + "/" + len;
    }

    /** Every group, ordered by day (all last), dimension, then sessions descending and key. */
    public List<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (Map.Entry<Key, Counts> e : groups.entrySet()) {
            Key k = e.getKey();
            AsInfo as = k.dim() == Dimension.AS ? asInfo.get(k.key()) : null;
            out.add(new Row(k.day(), k.dim(), k.key(), as == null ? "" : as.name(), as == null ? "" : as.country(),
                    e.getValue(), config.sampler().oneIn()));
        }
        out.sort(Comparator.comparing((Row r) -> r.day().equals(ALL_DAYS) ? "~" : r.day())
                .thenComparing(Row::dimension).thenComparing((Row r) -> -r.counts().sessions()).thenComparing(Row::key));
        return out;
    }

    /** Rows of one day (or {@link #ALL_DAYS}) and dimension, largest first. */
    public List<Row> rows(String day, Dimension d) {
        return rows().stream().filter(r -> r.day().equals(day) && r.dimension() == d).toList();
    }

    /** Totals over everything kept. */
    public Counts total() {
        Counts c = groups.get(new Key(ALL_DAYS, Dimension.ALL, ""));
        return c == null ? new Counts() : c;
    }

    public boolean hasTable() {
        return !table.isEmpty();
    }

    /** Sessions offered to {@link #add}, kept or not. */
    public long seen() {
        return seen;
    }

    public long groupsOverflowed() {
        return groupsOverflowed;
    }

    public int sampleOneIn() {
        return config.sampler().oneIn();
    }
}
