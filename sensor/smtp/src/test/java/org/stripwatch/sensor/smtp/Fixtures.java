package org.stripwatch.sensor.smtp;

import static org.stripwatch.sensor.smtp.Wire.C;
import static org.stripwatch.sensor.smtp.Wire.S;
import static org.stripwatch.sensor.smtp.Wire.c;
import static org.stripwatch.sensor.smtp.Wire.end;
import static org.stripwatch.sensor.smtp.Wire.gap;
import static org.stripwatch.sensor.smtp.Wire.s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversations written out as byte streams, in the style of the public captures (zeek
 * smtp-starttls.pcap, suricata-verify smtp-rset-starttls, smtp-pipelining, BDAT, AUTH LOGIN).
 */
final class Fixtures {
    private Fixtures() {}

    static final String GREETING = "220 mx.google.com ESMTP hf10si4097299icc.190 - gsmtp\r\n";
    static final String EHLO = "EHLO openssl.client.net\r\n";
    static final String EHLO_REPLY = "250-mx.google.com at your service, [192.0.2.237]\r\n"
            + "250-SIZE 35882577\r\n"
            + "250-8BITMIME\r\n"
            + "250-STARTTLS\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n"
            + "250 CHUNKING\r\n";
    /** A TLS 1.2 ClientHello record header and the start of its body. */
    static final String CLIENT_HELLO = "\u0016\u0003\u0001\u0000\u0010\u0001\u0000\u0000\u000c\u0003\u0003abcdefghij";
    static final String SERVER_HELLO = "\u0016\u0003\u0003\u0000\u0008\u0002\u0000\u0000\u0004\u0003\u0003xy";

    /** zeek smtp-starttls.pcap: EHLO, STARTTLS offered and accepted, TLS follows. */
    static List<Wire.Step> starttlsAccepted() {
        return List.of(s(GREETING), c(EHLO), s(EHLO_REPLY), c("STARTTLS\r\n"), s("220 2.0.0 Ready to start TLS\r\n"),
                c(CLIENT_HELLO), s(SERVER_HELLO), end(C), end(S));
    }

    /** The 220 and the server's first TLS bytes in one segment; client bytes before the 220 (held). */
    static List<Wire.Step> starttlsHeldAndSameSegment() {
        return List.of(s(GREETING), c(EHLO), s(EHLO_REPLY), c("STARTTLS\r\nRSET\r\n"),
                s("220 Go ahead\r\n" + SERVER_HELLO), c(CLIENT_HELLO), end(C), end(S));
    }

    /** A 454 to STARTTLS (as injected by a downgrading middlebox); the client goes on in cleartext. */
    static List<Wire.Step> starttlsRejected() {
        return List.of(s(GREETING), c(EHLO), s(EHLO_REPLY), c("STARTTLS\r\n"),
                s("454 4.7.0 TLS not available due to local problem\r\n"),
                c("MAIL FROM:<alice@Example.ORG>\r\n"), s("250 2.1.0 Ok\r\n"), c("QUIT\r\n"), s("221 2.0.0 Bye\r\n"),
                end(C), end(S));
    }

    /** CVE-2011-0411 style: a command pipelined after STARTTLS, then a rejection: held bytes are parsed. */
    static List<Wire.Step> starttlsInjectedThenRejected() {
        return List.of(s(GREETING), c(EHLO), s(EHLO_REPLY), c("STARTTLS\r\nMAIL FROM:<x@evil.example>\r\n"),
                s("454 4.7.0 TLS not available\r\n250 2.1.0 Ok\r\n"), c("QUIT\r\n"), s("221 Bye\r\n"), end(C), end(S));
    }

    /** Cisco ESMTP inspection rewrote the capability; the client does not try STARTTLS. */
    static List<Wire.Step> ciscoGarbled() {
        return List.of(s("220 mail.example.com ESMTP\r\n"), c("EHLO client.example.net\r\n"),
                s("250-mail.example.com Hello\r\n250-PIPELINING\r\n250-XXXXXXXA\r\n250 8BITMIME\r\n"),
                c("MAIL FROM:<a@example.net>\r\n"), s("250 ok\r\n"), end(C), end(S));
    }

    /** suricata-verify smtp-pipelining: MAIL/RCPT/DATA pipelined, replies batched, body, QUIT. */
    static List<Wire.Step> pipelinedData() {
        return List.of(s("220 mx.example.org ESMTP Postfix\r\n"), c("EHLO client.example.net\r\n"),
                s("250-mx.example.org\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n"),
                c("MAIL FROM:<alice@Example.COM> SIZE=1234\r\nRCPT TO:<bob@example.net>\r\n"
                        + "RCPT TO:<carol@[192.0.2.1]>\r\nDATA\r\n"),
                s("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"),
                c("Subject: hi\r\n\r\nSTARTTLS\r\n..dot-stuffed\r\n"), c("last line\r\n.\r\nQUIT\r\n"),
                s("250 2.0.0 Ok: queued as ABC\r\n221 2.0.0 Bye\r\n"), end(C), end(S));
    }

    /** RFC 3030 BDAT: one chunk in the same segment as its command, one in separate segments. */
    static List<Wire.Step> bdat() {
        String chunk1 = "From: a@example.com\r\nSTARTTLS\r\n";
        String chunk2 = "QUIT\r\nbody bytes that are not commands\r\n";
        return List.of(s("220 mx ESMTP\r\n"), c("EHLO c\r\n"), s("250-mx\r\n250-CHUNKING\r\n250 PIPELINING\r\n"),
                c("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nBDAT " + chunk1.length() + "\r\n" + chunk1),
                c("BDAT " + chunk2.length() + " LAST\r\n"), c(chunk2.substring(0, 10)), c(chunk2.substring(10)),
                s("250 ok\r\n250 ok\r\n250 ok 1\r\n250 ok 2\r\n"), c("QUIT\r\n"), s("221 bye\r\n"), end(C), end(S));
    }

    /** AUTH LOGIN: the base64 responses are credentials and must never be kept. */
    static List<Wire.Step> authLogin() {
        return List.of(s("220 smtp.example.com ESMTP\r\n"), c("EHLO me\r\n"), s("250-smtp.example.com\r\n250 AUTH LOGIN PLAIN\r\n"),
                c("AUTH LOGIN\r\n"), s("334 VXNlcm5hbWU6\r\n"), c("dXNlcm5hbWU=\r\n"), s("334 UGFzc3dvcmQ6\r\n"),
                c("c2VjcmV0cGFzcw==\r\n"), s("235 2.7.0 Authentication successful\r\n"),
                c("AUTH PLAIN AHVzZXIAc2VjcmV0\r\n"), s("503 5.5.1 Already authenticated\r\n"),
                c("MAIL FROM:<me@example.com>\r\n"), s("250 ok\r\n"), end(C), end(S));
    }

    /** suricata-verify smtp-rset-starttls: no banner, bare LF, pipelined mixed-case staRttLs. */
    static List<Wire.Step> rsetStarttlsBareLf() {
        return List.of(c("EHLO\n"), s("250\n"), c("rset\nstaRttLs\n"), s("250\n"), s("220\n"), end(C), end(S));
    }

    static List<Wire.Step> rsetStarttlsCrlf() {
        return List.of(s("220 mx\r\n"), c("EHLO x\r\n"), s("250-mx\r\n250 STARTTLS\r\n"), c("rset\r\nstaRttLs\r\n"),
                s("250 ok\r\n"), s("220 go\r\n"), c(CLIENT_HELLO), end(C), end(S));
    }

    /** The client's STARTTLS garbled in transit; the server answers 500. */
    static List<Wire.Step> garbledCommand() {
        return List.of(s("220 mx\r\n"), c("EHLO x\r\n"), s("250-mx\r\n250 STARTTLS\r\n"), c("XXXXXXXX\r\n"),
                s("500 5.5.2 Error: command not recognized\r\n"), c("QUIT\r\n"), s("221 bye\r\n"), end(C), end(S));
    }

    /** SMTP smuggling look-alike inside a body, and a bare-LF terminated command. */
    static List<Wire.Step> smuggling() {
        return List.of(s("220 mx\r\n"), c("HELO x\n"), s("250 mx\r\n"), c("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n"),
                s("250 ok\r\n250 ok\r\n354 go\r\n"), c("x\r\n\n.\nMAIL FROM:<evil@e.example>\r\n\r\n.\r\n"), s("250 ok\r\n"),
                end(C), end(S));
    }

    /** Client gap inside a command line, server gap eating the EHLO reply, then 220 to STARTTLS. */
    static List<Wire.Step> gaps() {
        return List.of(s("220 mx\r\n"), c("EHLO x\r\nNO"), gap(C, 4), c("ne\r\nNOOP\r\n"), s("250 ok\r\n250 ok\r\n"),
                c("EHLO y\r\n"), gap(S, 30), c("STARTTLS\r\n"), s("220 go\r\n"), c(CLIENT_HELLO), end(C), end(S));
    }

    /** The capture starts mid-stream in both directions. */
    static List<Wire.Step> midStream() {
        return List.of(gap(C, 100), gap(S, 80), c("OM:<x@y.example>\r\nRCPT TO:<z@w.example>\r\n"),
                s("ok\r\n250 ok\r\n250 ok\r\n"), end(C), end(S));
    }

    /** An over-long line, kept as its head, and the next command parsed. */
    static List<Wire.Step> overlong() {
        return List.of(s("220 mx\r\n"), c("EHLO " + "a".repeat(5000) + "\r\nNOOP\r\n"), s("500 too long\r\n250 ok\r\n"),
                end(C), end(S));
    }

    static Map<String, List<Wire.Step>> all() {
        Map<String, List<Wire.Step>> all = new LinkedHashMap<>();
        all.put("starttlsAccepted", starttlsAccepted());
        all.put("starttlsHeldAndSameSegment", starttlsHeldAndSameSegment());
        all.put("starttlsRejected", starttlsRejected());
        all.put("starttlsInjectedThenRejected", starttlsInjectedThenRejected());
        all.put("ciscoGarbled", ciscoGarbled());
        all.put("pipelinedData", pipelinedData());
        all.put("bdat", bdat());
        all.put("authLogin", authLogin());
        all.put("rsetStarttlsBareLf", rsetStarttlsBareLf());
        all.put("rsetStarttlsCrlf", rsetStarttlsCrlf());
        all.put("garbledCommand", garbledCommand());
        all.put("smuggling", smuggling());
        all.put("gaps", gaps());
        all.put("midStream", midStream());
        all.put("overlong", overlong());
        return all;
    }
}
