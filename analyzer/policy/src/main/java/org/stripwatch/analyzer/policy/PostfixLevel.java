package org.stripwatch.analyzer.policy;

import java.util.Locale;

/** Postfix SMTP client TLS security levels (postfix.org TLS_README, "TLS security levels"). */
public enum PostfixLevel {
    NONE("none", Strength.NONE),
    MAY("may", Strength.OPPORTUNISTIC),
    ENCRYPT("encrypt", Strength.ENCRYPT),
    DANE("dane", Strength.DANE_IF_PUBLISHED),
    DANE_ONLY("dane-only", Strength.DANE),
    FINGERPRINT("fingerprint", Strength.PINNED),
    VERIFY("verify", Strength.AUTHENTICATED),
    SECURE("secure", Strength.AUTHENTICATED);

    private final String keyword;
    private final Strength strength;

    PostfixLevel(String keyword, Strength strength) {
        this.keyword = keyword;
        this.strength = strength;
    }

    public String keyword() {
        return keyword;
    }

    /** What the level demands, in stripwatch's terms. */
    public Strength strength() {
        return strength;
    }

    static PostfixLevel parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        for (PostfixLevel l : values()) if (l.keyword.equals(k)) return l;
        return null;
    }
}
