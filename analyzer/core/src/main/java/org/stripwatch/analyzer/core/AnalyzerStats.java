package org.stripwatch.analyzer.core;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one analyzer: records, alerts, incidents, redeliveries recognised, attempts dropped at the limit. */
public final class AnalyzerStats {
    final AtomicLong records = new AtomicLong(), alerts = new AtomicLong(), incidents = new AtomicLong(),
            redelivered = new AtomicLong(), attemptsDropped = new AtomicLong(), notLearned = new AtomicLong(),
            policyReloads = new AtomicLong(), policyReloadFailures = new AtomicLong();

    public long records() { return records.get(); }
    public long alerts() { return alerts.get(); }
    public long incidents() { return incidents.get(); }
    /** Records whose session key was processed before (state not updated again). */
    public long redelivered() { return redelivered.get(); }
    /** Pending attempts dropped because a server had {@code maxPendingAttempts} already. */
    public long attemptsDropped() { return attemptsDropped.get(); }
    /** Sessions judged high or critical, kept out of the baseline (an attack teaches nothing). */
    public long notLearned() { return notLearned.get(); }

    /** Policy reloads that put a new store in force. */
    public long policyReloads() { return policyReloads.get(); }
    /** Policy reloads refused because a file had errors: the last good policies stayed in force. */
    public long policyReloadFailures() { return policyReloadFailures.get(); }

    @Override
    public String toString() {
        return "records=" + records() + " alerts=" + alerts() + " incidents=" + incidents() + " redelivered=" + redelivered()
                + " attempts_dropped=" + attemptsDropped() + " not_learned=" + notLearned() + " policy_reloads="
                + policyReloads() + " policy_reload_failures=" + policyReloadFailures();
    }
}
