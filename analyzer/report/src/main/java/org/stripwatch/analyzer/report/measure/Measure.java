package org.stripwatch.analyzer.report.measure;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.stripwatch.analyzer.core.SessionJson;

/**
 * {@code stripwatch measure --sessions FILE... [--asn TABLE...] [--sample N] --csv OUT}: reads session JSON
 * lines, aggregates them (README "Methodology") and writes the CSV. Unreadable session lines go to
 * {@code problems} ("file:line: ..."). A table with errors is refused: {@link TableException} carries the first
 * error line, and the CLI should print it and exit 2.
 */
public final class Measure {
    private Measure() {
    }

    /** A table that could not be used; the message names file:line. */
    public static final class TableException extends Exception {
        public TableException(String message) {
            super(message);
        }
    }

    /** Loads tables (none = no AS/country grouping); never a partial table. */
    public static AsnTable table(List<Path> tables, Consumer<String> problems) throws TableException {
        if (tables.isEmpty()) return AsnTable.empty();
        AsnTableLoader.Result r = AsnTableLoader.load(tables);
        if (r.ok()) return r.table();
        r.errors().forEach(problems);
        if (r.moreErrors() > 0) problems.accept("... and " + r.moreErrors() + " more errors in the AS table");
        throw new TableException(r.errors().get(0));
    }

    /** Returns the measurement written to {@code csv}. */
    public static Measurement run(List<Path> sessionFiles, List<Path> tables, int sampleOneIn, Path csv,
                                  Consumer<String> problems) throws IOException, TableException {
        Measurement m = new Measurement(MeasureConfig.DEFAULTS.withSampler(new Sampler(sampleOneIn)), table(tables, problems));
        for (Path f : sessionFiles) m.addAll(SessionJson.read(f, "measure", problems));
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            MeasureCsv.write(m, w);
        }
        return m;
    }
}
