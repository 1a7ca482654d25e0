package org.stripwatch.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.stripwatch.sensor.capture.CaptureNotice;

/** Capture notices for a person: damage one line each, skipped non-captures summed up in one. */
final class Notices {
    private Notices() {}

    static void print(PrintWriter err, String who, List<CaptureNotice> notices, long dropped) {
        List<CaptureNotice> skipped = new ArrayList<>();
        for (CaptureNotice n : notices) {
            if (n.kind() == CaptureNotice.Kind.NOT_A_CAPTURE_SKIPPED) skipped.add(n);
            else err.println(who + ": warning: " + n.describe());
        }
        if (!skipped.isEmpty()) {
            err.println(who + ": skipped " + skipped.size() + " file(s) in the given directories that are not captures"
                    + " (e.g. " + skipped.get(0).file() + ")");
        }
        if (dropped > 0) err.println(who + ": " + dropped + " further notice(s) not shown (limit reached)");
    }
}
