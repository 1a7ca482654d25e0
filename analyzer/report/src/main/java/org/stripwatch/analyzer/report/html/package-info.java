/**
 * {@code stripwatch report}: one self-contained HTML page of session records and alerts
 * ({@link org.stripwatch.analyzer.report.html.HtmlReport}). Charts are inline SVG drawn in Java; every string from the
 * wire is escaped ({@link org.stripwatch.analyzer.report.html.Html}) and a Content-Security-Policy admits only the
 * page's own two scripts, by hash.
 */
package org.stripwatch.analyzer.report.html;
