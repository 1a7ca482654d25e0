package org.stripwatch.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.smtp.SmtpConfig;
import org.stripwatch.sensor.smtp.SmtpConversation;
import org.stripwatch.sensor.smtp.SmtpListener;

/**
 * One whole cleartext ESMTP conversation (greeting, a 10-capability EHLO reply, two transactions
 * with a 20 KiB body each, QUIT) through the SMTP push parsers: line framing, reply and command
 * decoding, body scanning. Microseconds per conversation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SmtpBench {
    /** Alternating turns: server, client, server, ... */
    private final List<ByteBuf> turns = new ArrayList<>();

    @Setup
    public void dialogue() {
        StringBuilder body = new StringBuilder();
        while (body.length() < 20_000) {
            body.append("The quarterly figures are attached; please review them before Friday's meeting.\r\n");
        }
        String[] script = {
            "220 mx1.example.net ESMTP Postfix\r\n",
            "EHLO mta.sender.example\r\n",
            "250-mx1.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n"
                    + "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n"
                    + "250-SMTPUTF8\r\n250 CHUNKING\r\n",
            "MAIL FROM:<alice@sender.example> SIZE=20480\r\nRCPT TO:<bob@example.net>\r\nDATA\r\n",
            "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n",
            "Subject: figures\r\n\r\n" + body + ".\r\n",
            "250 2.0.0 Ok: queued as 4F1B2C3D\r\n",
            "MAIL FROM:<carol@sender.example>\r\nRCPT TO:<dave@example.net>\r\nDATA\r\n",
            "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n",
            "Subject: again\r\n\r\n" + body + ".\r\n",
            "250 2.0.0 Ok: queued as 5A6B7C8D\r\n",
            "QUIT\r\n",
            "221 2.0.0 Bye\r\n",
        };
        for (String s : script) {
            turns.add(Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Benchmark
    public Object conversation() {
        SmtpConversation c = new SmtpConversation(SmtpConfig.DEFAULT, new SmtpListener() {});
        long ts = 1;
        for (int i = 0; i < turns.size(); i++) {
            ByteBuf b = turns.get(i);
            b.setIndex(0, b.capacity());
            StreamConsumer to = i % 2 == 0 ? c.server() : c.client();
            to.onData(b, ts++);
        }
        c.client().onEnd(EndReason.FIN, ts);
        c.server().onEnd(EndReason.FIN, ts);
        return c.history();
    }
}
