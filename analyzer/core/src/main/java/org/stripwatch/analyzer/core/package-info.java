/**
 * The analyzer: {@link org.stripwatch.analyzer.core.Analyzer} (a {@code RecordProcessor}) attributes each session
 * to a domain ({@code attribution}), judges it against that domain's policies and the server's learned baseline
 * ({@code correlation}, {@code baseline}), correlates tampered attempts with cleartext retries, and builds one
 * alert with a plain-sentence reason ({@code alert} renders JSON lines and RFC 5424 syslog).
 * {@link org.stripwatch.analyzer.core.AnalyzerRuntime} wires it for the command line. See the module README.
 * Depends on schemas, analyzer/policy and analyzer/ingest only, never on the sensor.
 */
package org.stripwatch.analyzer.core;
