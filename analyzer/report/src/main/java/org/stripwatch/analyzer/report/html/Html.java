package org.stripwatch.analyzer.report.html;

/**
 * Escaping for text that came off the wire (banners, EHLO names, reply texts, domains, certificate subjects):
 * every such string is hostile until escaped. One function for element content and quoted attribute values
 * (OWASP XSS prevention rules 1 and 2): {@code & < > " '} become entities, and control characters, which a
 * terminal or a copy-paste into a shell would interpret, become visible {@code \xNN}. The page never puts data
 * inside a script, a style, an unquoted attribute or a URL.
 */
public final class Html {
    private Html() {
    }

    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> control(c) ? String.format("\\x%02x", (int) c) : null;
            };
            if (r == null && b == null) continue;
            if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (r == null) b.append(c);
            else b.append(r);
        }
        return b == null ? s : b.toString();
    }

    /** C0 and C1 controls and DEL, except tab and line feed; lone surrogates become U+FFFD when encoded. */
    private static boolean control(char c) {
        return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f);
    }
}
