/**
 * Expected domain policies: parsers for MTA-STS (RFC 8461), DANE TLSA zone files (RFC 6698/7672),
 * the EFF STARTTLS Everywhere list, Postfix smtp_tls_policy_maps and stripwatch's own policy file;
 * {@link org.stripwatch.analyzer.policy.PolicyLoader} merges them into an immutable
 * {@link org.stripwatch.analyzer.policy.PolicyStore} of
 * {@link org.stripwatch.analyzer.policy.Expectation}s, and
 * {@link org.stripwatch.analyzer.policy.DaneMatcher} matches observed chains against TLSA records.
 * Problems are values ({@link org.stripwatch.analyzer.policy.ParseProblem}) naming file and line;
 * no parser throws on bad input. This package never imports the sensor. Formats: module README.
 */
package org.stripwatch.analyzer.policy;
