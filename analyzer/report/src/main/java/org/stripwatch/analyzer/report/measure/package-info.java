/**
 * {@code stripwatch measure}: STARTTLS measurement per day, receiving server, prefix, origin AS and country
 * ({@link org.stripwatch.analyzer.report.measure.Measurement}), IP-to-AS tables in ip2asn and CAIDA pfx2as formats
 * ({@link org.stripwatch.analyzer.report.measure.AsnTableLoader}), deterministic 1-in-N sampling
 * ({@link org.stripwatch.analyzer.report.measure.Sampler}) and CSV ({@link org.stripwatch.analyzer.report.measure.MeasureCsv}).
 * Definitions: analyzer/report/README.md, "Methodology".
 */
package org.stripwatch.analyzer.report.measure;
