package org.stripwatch.analyzer.report.html;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters per time bucket with a bounded number of buckets: it starts at one-minute buckets and coarsens to
 * hours, days, then weeks when {@link #MAX_STORED} would be exceeded, so a year of records costs the same memory
 * as an hour's. {@link #display()} then picks the bucket width that gives at most {@link #MAX_SHOWN} points.
 */
final class Timeline {
    static final int MAX_STORED = 4096, MAX_SHOWN = 96;
    private static final long[] STORED = {60, 3600, 86400, 604800};
    private static final long[] SHOWN = {60, 300, 900, 3600, 6 * 3600, 86400, 604800};
    private final int width;
    private final TreeMap<Long, long[]> buckets = new TreeMap<>();
    private int level;

    Timeline(int width) {
        this.width = width;
    }

    void add(Instant t, int index) {
        long g = STORED[level], key = Math.floorDiv(t.getEpochSecond(), g) * g;
        buckets.computeIfAbsent(key, k -> new long[width])[index]++;
        if (buckets.size() > MAX_STORED && level < STORED.length - 1) coarsen();
    }

    private void coarsen() {
        level++;
        long g = STORED[level];
        TreeMap<Long, long[]> old = new TreeMap<>(buckets);
        buckets.clear();
        for (Map.Entry<Long, long[]> e : old.entrySet()) {
            long[] into = buckets.computeIfAbsent(Math.floorDiv(e.getKey(), g) * g, k -> new long[width]);
            for (int i = 0; i < width; i++) into[i] += e.getValue()[i];
        }
    }

    boolean isEmpty() {
        return buckets.isEmpty();
    }

    /** Buckets to draw: contiguous (empty ones as zeros), labelled in UTC. */
    record View(long step, List<String> labels, double[][] series) {
        String stepText() {
            return step % 604800 == 0 ? "week" : step % 86400 == 0 ? "day" : step % 3600 == 0 ? step / 3600 + " h" : step / 60 + " min";
        }
    }

    View display() {
        return display(buckets.isEmpty() ? 0 : buckets.firstKey(), buckets.isEmpty() ? 0 : buckets.lastKey());
    }

    /** Bucketed over [from, to] (epoch seconds), so two timelines can share one axis. */
    View display(long from, long to) {
        long g = STORED[level], step = 0;
        for (long s : SHOWN) {
            if (s % g == 0 && (to - from) / s + 1 <= MAX_SHOWN) {
                step = s;
                break;
            }
        }
        if (step == 0) step = ((to - from) / MAX_SHOWN / g + 1) * g;
        long first = Math.floorDiv(from, step) * step;
        int n = (int) ((to - first) / step + 1);
        double[][] series = new double[width][n];
        for (Map.Entry<Long, long[]> e : buckets.subMap(first, true, to, true).entrySet()) { // first <= from: coarser keys too
            int i = (int) ((e.getKey() - first) / step);
            for (int w = 0; w < width; w++) series[w][i] += e.getValue()[w];
        }
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern(step >= 86400 ? "yyyy-MM-dd" : "MM-dd HH:mm").withZone(ZoneOffset.UTC);
        List<String> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) labels.add(fmt.format(Instant.ofEpochSecond(first + i * step)));
        return new View(step, labels, series);
    }

    long first() {
        return buckets.isEmpty() ? 0 : buckets.firstKey();
    }

    long last() {
        return buckets.isEmpty() ? 0 : buckets.lastKey();
    }
}
