/**
 * SMTP push parsers (RFC 5321, RFC 3207 STARTTLS, RFC 2920 pipelining, RFC 3030 BDAT, RFC 4954 AUTH):
 * facts about one SMTP conversation, no verdicts.
 *
 * <p>{@link org.stripwatch.sensor.smtp.SmtpConversation} owns one parser per direction and exposes
 * them as the reassembler's {@code StreamConsumer}s. Layers, after Netty's codecs: a bounded line
 * framer (views into the delivered buffer, copies only of split lines, a hard cap with a discard
 * mode) feeds a command or reply decoder, which feeds the conversation (FIFO matching of pipelined
 * commands, EHLO capability list, STARTTLS handoff). DATA bodies are scanned with a ByteProcessor
 * and never copied; BDAT chunks are skipped in the reassembler; AUTH responses are counted, never
 * kept. Malformed input becomes an {@link org.stripwatch.sensor.smtp.SmtpAnomaly} value and a
 * counter, never an exception; every buffer and list is bounded by
 * {@link org.stripwatch.sensor.smtp.SmtpConfig}.
 */
package org.stripwatch.sensor.smtp;
