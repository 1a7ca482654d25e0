/**
 * RFC 8460 SMTP TLS reports produced passively from observed sessions ({@link org.stripwatch.analyzer.report.TlsRptBuilder},
 * {@link org.stripwatch.analyzer.report.TlsRpt} for the command line). Uses the analyzer's attribution and certificate
 * checks, so a report and an alert never disagree about a session.
 */
package org.stripwatch.analyzer.report;
