package org.stripwatch.bench;

import java.util.Arrays;
import org.stripwatch.app.Main;

/**
 * Runs the same stripwatch command several times in one JVM and prints each run's wall time. The first
 * run pays for class loading and JIT compilation (on the benchmark corpus C2 alone needs 2-3 CPU seconds,
 * on the second core of a two-core machine); the last runs show the warm code's speed, which is what a
 * long-running sensor or a much larger file sees. ops/bench/run reports both.
 *
 * <pre>java [jvm options] -cp stripwatch.jar:benchmarks.jar org.stripwatch.bench.WarmReplay RUNS replay -q ... FILE</pre>
 * Output: one line per run, {@code run N: S s exit E}.
 */
public final class WarmReplay {
    private WarmReplay() {}

    public static void main(String[] a) {
        if (a.length < 2) {
            System.err.println("usage: WarmReplay RUNS stripwatch-arguments...");
            System.exit(2);
        }
        int runs = Integer.parseInt(a[0]);
        String[] args = Arrays.copyOfRange(a, 1, a.length);
        for (int i = 1; i <= runs; i++) {
            long t0 = System.nanoTime();
            int rc = Main.run(args);
            System.out.printf("run %d: %.3f s exit %d%n", i, (System.nanoTime() - t0) / 1e9, rc);
            if (rc != 0) System.exit(rc);
        }
    }
}
