package org.stripwatch.analyzer.report.html;

import static org.stripwatch.analyzer.report.html.Html.esc;

import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, drawn here rather than by a script library so the page works offline, without
 * JavaScript, and under a strict Content-Security-Policy. Colours are CSS classes ({@code c-*}) shared with the
 * legends; every label passes through {@link Html#esc}; every mark carries a {@code <title>} tooltip.
 */
final class Svg {
    /** viewBox widths close to the drawn size at a 1400 px window, so text is drawn at about its nominal size. */
    static final int FULL = 1300, HALF = 640;

    /** One coloured series: a CSS class, its legend name, one value per x position or row. */
    record Series(String name, String cssClass, double[] values) {
    }

    private Svg() {
    }

    /** Lines with point markers over time buckets (a single bucket still shows its points). */
    static String lines(String label, List<String> x, List<Series> series, int width) {
        int h = 300, left = 64, right = 48, top = 20, bottom = 44, pw = width - left - right, ph = h - top - bottom;
        double max = 0;
        for (Series s : series) for (double v : s.values()) max = Math.max(max, v);
        double[] ticks = ticks(max);
        double ymax = ticks[ticks.length - 1];
        StringBuilder b = open(label, width, h);
        axisY(b, ticks, left, top, pw, ph);
        int n = x.size();
        double dx = n > 1 ? (double) pw / (n - 1) : 0;
        xLabels(b, x, i -> left + (n > 1 ? i * dx : pw / 2.0), top + ph + 18);
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double px = left + (n > 1 ? i * dx : pw / 2.0), py = top + ph - s.values()[i] / ymax * ph;
                pts.append(f(px)).append(',').append(f(py)).append(' ');
            }
            b.append("<g class=\"").append(s.cssClass()).append("\">");
            if (n > 1) b.append("<polyline class=\"line\" points=\"").append(pts.toString().trim()).append("\"/>");
            for (int i = 0; i < n; i++) {
                if (n > 60 && s.values()[i] == 0) continue;
                double px = left + (n > 1 ? i * dx : pw / 2.0), py = top + ph - s.values()[i] / ymax * ph;
                b.append("<circle r=\"").append(n > 60 ? "2" : "3.5").append("\" cx=\"").append(f(px)).append("\" cy=\"").append(f(py))
                        .append("\"><title>").append(esc(s.name() + " " + x.get(i) + ": " + num(s.values()[i]))).append("</title></circle>");
            }
            b.append("</g>");
        }
        return b.append("</svg>").toString();
    }

    /** Vertical stacked bars per time bucket (alerts by severity). */
    static String columns(String label, List<String> x, List<Series> series, int width) {
        int h = 260, left = 48, right = 20, top = 20, bottom = 44, pw = width - left - right, ph = h - top - bottom;
        int n = x.size();
        double[] totals = new double[n];
        for (Series s : series) for (int i = 0; i < n; i++) totals[i] += s.values()[i];
        double max = 0;
        for (double t : totals) max = Math.max(max, t);
        double[] ticks = ticks(max);
        double ymax = ticks[ticks.length - 1], slot = (double) pw / Math.max(1, n), bw = Math.max(1, Math.min(48, slot * 0.7));
        StringBuilder b = open(label, width, h);
        axisY(b, ticks, left, top, pw, ph);
        xLabels(b, x, i -> left + slot * i + slot / 2, top + ph + 18);
        for (int i = 0; i < n; i++) {
            double y = top + ph, cx = left + slot * i + slot / 2;
            for (Series s : series) {
                double v = s.values()[i];
                if (v <= 0) continue;
                double hh = v / ymax * ph;
                y -= hh;
                b.append("<rect class=\"").append(s.cssClass()).append("\" x=\"").append(f(cx - bw / 2)).append("\" y=\"").append(f(y))
                        .append("\" width=\"").append(f(bw)).append("\" height=\"").append(f(hh)).append("\"><title>")
                        .append(esc(x.get(i) + " " + s.name() + ": " + num(v))).append("</title></rect>");
            }
        }
        return b.append("</svg>").toString();
    }

    /** Horizontal stacked bars, one row per label (servers, prefixes, ASes, versions); total at the right. */
    static String rows(String label, List<String> rowLabels, List<String> rowNotes, List<Series> series, int width) {
        int rowH = 24, top = 8, left = width >= FULL ? 330 : 250, right = 150, n = rowLabels.size(), h = top * 2 + rowH * Math.max(1, n);
        int pw = width - left - right;
        double[] totals = new double[n];
        for (Series s : series) for (int i = 0; i < n; i++) totals[i] += s.values()[i];
        double max = 1;
        for (double t : totals) max = Math.max(max, t);
        StringBuilder b = open(label, width, h);
        for (int i = 0; i < n; i++) {
            double y = top + i * rowH, x = left;
            String full = rowLabels.get(i);
            b.append("<text class=\"rowlabel\" x=\"").append(left - 8).append("\" y=\"").append(f(y + rowH * 0.66))
                    .append("\" text-anchor=\"end\"><title>").append(esc(full)).append("</title>").append(esc(shorten(full, width >= FULL ? 40 : 30))).append("</text>");
            for (Series s : series) {
                double v = s.values()[i];
                if (v <= 0) continue;
                double w = v / max * pw;
                b.append("<rect class=\"").append(s.cssClass()).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y + 3))
                        .append("\" width=\"").append(f(Math.max(w, 0.8))).append("\" height=\"").append(rowH - 6).append("\"><title>")
                        .append(esc(full + " " + s.name() + ": " + num(v) + " of " + num(totals[i]))).append("</title></rect>");
                x += w;
            }
            String note = rowNotes == null ? num(totals[i]) : rowNotes.get(i);
            b.append("<text class=\"rownote\" x=\"").append(f(x + 6)).append("\" y=\"").append(f(y + rowH * 0.66)).append("\">")
                    .append(esc(note)).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    /** An HTML legend of CSS-coloured swatches. */
    static String legend(List<Series> series) {
        StringBuilder b = new StringBuilder("<ul class=\"legend\">");
        for (Series s : series) {
            b.append("<li><span class=\"swatch ").append(s.cssClass()).append("\"></span>").append(esc(s.name())).append("</li>");
        }
        return b.append("</ul>").toString();
    }

    private static StringBuilder open(String label, int width, int h) {
        return new StringBuilder(4096).append("<svg class=\"chart\" role=\"img\" aria-label=\"").append(esc(label))
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(h).append("\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">");
    }

    private static void axisY(StringBuilder b, double[] ticks, int left, int top, int pw, int ph) {
        double ymax = ticks[ticks.length - 1];
        for (double t : ticks) {
            double y = top + ph - t / ymax * ph;
            b.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(left + pw).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\"/><text class=\"tick\" x=\"").append(left - 8).append("\" y=\"")
                    .append(f(y + 4)).append("\" text-anchor=\"end\">").append(num(t)).append("</text>");
        }
    }

    private static void xLabels(StringBuilder b, List<String> x, java.util.function.IntToDoubleFunction pos, int y) {
        int n = x.size(), every = Math.max(1, (int) Math.ceil(n / 8.0));
        for (int i = 0; i < n; i += every) {
            b.append("<text class=\"tick\" x=\"").append(f(pos.applyAsDouble(i))).append("\" y=\"").append(y)
                    .append("\" text-anchor=\"middle\">").append(esc(x.get(i))).append("</text>");
        }
    }

    /** 0 and four or five round steps covering {@code max} (1, 2 or 5 times a power of ten). */
    static double[] ticks(double max) {
        if (max <= 0) return new double[]{0, 1};
        double raw = max / 4, mag = Math.pow(10, Math.floor(Math.log10(raw))), step;
        double r = raw / mag;
        step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
        if (step < 1) step = 1;
        int k = (int) Math.ceil(max / step);
        double[] t = new double[k + 1];
        for (int i = 0; i <= k; i++) t[i] = i * step;
        return t;
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
