package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.analyzer.core.AnalyzerRuntime;
import org.stripwatch.analyzer.ingest.IngestConfig;
import org.stripwatch.analyzer.ingest.SessionConsumer;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.publish.AvroMapper;
import org.stripwatch.sensor.publish.KafkaPublisher;
import org.stripwatch.sensor.publish.PublisherConfig;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionAnalysis;
import org.stripwatch.sensor.session.SessionConfig;

/**
 * Issue 9, privacy: a secret planted in a message body, in full addresses and in AUTH PLAIN / AUTH
 * LOGIN credentials crosses the whole system (replay with every output and the analyzer; the Kafka
 * path: sensor → topics → analyzer → alerts topic; the spool; logs and standard streams) and
 * appears nowhere, neither as text nor in its base64 or hex forms.
 */
@Tag("kafka")
class PrivacyTest {
    static final String SECRET = "SECRET-7f3a";
    static final String FROM_LOCAL = "sender-secret-9c1e";
    static final String RCPT_LOCAL = "rcpt-secret-4d2b";
    static final String AUTH_USER = "authuser-secret-51aa";
    static final String AUTH_PLAIN = b64("\0" + AUTH_USER + "\0" + SECRET);

    private static KafkaClusterTestKit cluster;

    @TempDir
    Path tmp;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Everything that must not leave the sensor, in every form it could take. */
    static List<String> forbidden() {
        List<String> f = new ArrayList<>();
        for (String s : List.of(SECRET, FROM_LOCAL, RCPT_LOCAL, AUTH_USER)) {
            f.add(s);
            f.add(s.toLowerCase(Locale.ROOT));
            f.add(HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII)));
            // base64 of the secret at each of the three alignments it can have inside a longer blob,
            // minus the edge characters that depend on its neighbours
            for (int k = 0; k < 3; k++) {
                String e = b64("x".repeat(k) + s);
                f.add(e.substring(k == 0 ? 0 : k + 1, e.length() - 4));
            }
        }
        f.add(AUTH_PLAIN);
        return f;
    }

    /** A real-looking SMTP session to mx1.lab.example (policy: TLS required) that authenticates and sends mail in cleartext. */
    static Path capture(Path dir) throws IOException {
        PcapWriter w = new PcapWriter();
        w.tcp("192.0.2.10", 41000, "198.51.100.25", 25)
                .server("220 mx1.lab.example ESMTP Postfix\r\n")
                .client("EHLO client.example.org\r\n")
                .server("250-mx1.lab.example\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
                .client("AUTH PLAIN " + AUTH_PLAIN + "\r\n")
                .server("535 5.7.8 Error: authentication failed: " + b64(AUTH_USER) + "\r\n")
                .client("AUTH LOGIN\r\n").server("334 VXNlcm5hbWU6\r\n")
                .client(b64(AUTH_USER) + "\r\n").server("334 UGFzc3dvcmQ6\r\n")
                .client(b64(SECRET) + "\r\n").server("235 2.7.0 Authentication successful\r\n")
                .client("MAIL FROM:<" + FROM_LOCAL + "@example.org>\r\n")
                .server("250 2.1.0 Ok <" + FROM_LOCAL + "@example.org>\r\n")
                .client("RCPT TO:<" + RCPT_LOCAL + "@lab.example>\r\n")
                .server("250 2.1.5 Ok <" + RCPT_LOCAL + "@lab.example>\r\n")
                .client("DATA\r\n").server("354 End data with <CR><LF>.<CR><LF>\r\n")
                .client("From: <" + FROM_LOCAL + "@example.org>\r\nTo: <" + RCPT_LOCAL + "@lab.example>\r\nSubject: "
                        + SECRET + "\r\n\r\nthe password is " + SECRET + "\r\n.\r\n")
                .server("250 2.0.0 Ok: queued as " + SECRET + "\r\n")
                .client("QUIT\r\n").server("221 2.0.0 Bye\r\n").fin();
        return w.write(dir.resolve("secret.pcap"));
    }

    @BeforeAll
    static void startBroker() throws Exception {
        Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
        Logger.getLogger("kafka").setLevel(java.util.logging.Level.WARNING);
        cluster = org.stripwatch.schemas.testing.KafkaTestCluster.started();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** Collects every java.util.logging record of the run (System.Logger's default backend). */
    private static final class Captured extends Handler {
        final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void publish(LogRecord r) {
            text.append(r.getLoggerName()).append(' ').append(r.getMessage()).append(' ');
            if (r.getParameters() != null) for (Object p : r.getParameters()) text.append(p).append(' ');
            if (r.getThrown() != null) text.append(r.getThrown()).append('\n');
        }

        @Override public void flush() {}
        @Override public void close() {}
    }

    private static void assertClean(String where, byte[] content) {
        String s = new String(content, StandardCharsets.ISO_8859_1);
        for (String f : forbidden()) assertFalse(s.contains(f), where + " contains \"" + f + "\"");
    }

    private static void assertCleanTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".pcap"))
                    .toList()) {
                assertClean(p.toString(), Files.readAllBytes(p));
            }
        }
    }

    @Test
    void theCaptureReallyCarriesTheSecret() throws Exception {
        // The test can fail: the planted values are in the capture in every form searched for.
        String pcap = new String(Files.readAllBytes(capture(tmp)), StandardCharsets.ISO_8859_1);
        for (String s : List.of(SECRET, FROM_LOCAL, RCPT_LOCAL, AUTH_PLAIN, b64(SECRET), b64(AUTH_USER))) {
            assertTrue(pcap.contains(s), s);
        }
    }

    @Test
    void noSecretInAnyReplayOutputOrLog() throws Exception {
        Path pcap = capture(tmp);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Captured log = new Captured();
        Logger root = Logger.getLogger("");
        root.addHandler(log);
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream so = new ByteArrayOutputStream(), se = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(so, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(se, true, StandardCharsets.UTF_8));
            code = Main.run("replay", "--sessions", out.resolve("s.jsonl").toString(), "--flows",
                    out.resolve("f.jsonl").toString(), "--policies", Captures.dir("lab").resolve("policies").toString(),
                    "--alerts", out.resolve("a.jsonl").toString(), "--min-severity", "INFO", "--state",
                    out.resolve("state").toString(), pcap.toString());
            // and once more with everything on standard output
            code |= Main.run("replay", "--sessions", "-", "--flows", "-", "--policies",
                    Captures.dir("lab").resolve("policies").toString(), "--alerts", "-", pcap.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            root.removeHandler(log);
        }
        assertEquals(0, code, se.toString(StandardCharsets.UTF_8));
        String sessions = Files.readString(out.resolve("s.jsonl"));
        // The run did see the session: the facts are there, only the secrets are not.
        assertTrue(sessions.contains("\"lab.example\"") && sessions.contains("mx1.lab.example"), sessions);
        String alerts = Files.readString(out.resolve("a.jsonl"));
        assertTrue(alerts.contains("critical"), alerts);
        assertCleanTree(out);
        assertClean("stdout", so.toByteArray());
        assertClean("stderr", se.toByteArray());
        assertClean("logs", log.text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noSecretInAnyTopicTheSpoolOrTheAlerts() throws Exception {
        Path pcap = capture(tmp);
        Path spool = tmp.resolve("spool");
        Path alertsFile = tmp.resolve("alerts.jsonl");
        Captured log = new Captured();
        Logger.getLogger("").addHandler(log);
        try {
            int[] published = {0};
            PublisherConfig pc = PublisherConfig.builder(cluster.bootstrapServers(), "privacy", spool).build();
            try (KafkaPublisher publisher = KafkaPublisher.create(pc)) {
                AvroMapper mapper = new AvroMapper("privacy");
                SessionAnalysis sessions = new SessionAnalysis(SessionConfig.DEFAULTS, r -> {
                    published[0]++;
                    publisher.publish(mapper.toAvro(r));
                });
                try (FileSource src = FileSource.open(List.of(pcap))) {
                    new Pipeline(DecoderConfig.DEFAULTS, ReassemblyConfig.DEFAULTS, sessions::open).run(src);
                }
                publisher.close(Duration.ofSeconds(30));
            }
            assertEquals(1, published[0]);
            AlertOptions opts = new AlertOptions();
            opts.policies = List.of(Captures.dir("lab").resolve("policies"));
            opts.minSeverity = org.stripwatch.schemas.Severity.INFO;
            try (AnalyzerRuntime rt = AnalyzerRuntime.open(opts.analyzerOptions(alertsFile.toString(), null, true));
                 SessionConsumer consumer = rt.kafka(IngestConfig.builder(cluster.bootstrapServers())
                         .groupId("privacy").build())) {
                consumer.start();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> rt.analyzer().stats().records() >= 1);
                consumer.close();
            }
        } finally {
            Logger.getLogger("").removeHandler(log);
        }
        assertTrue(Files.readString(alertsFile).contains("critical"));
        Map<String, Integer> seen = new java.util.TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : everyRecord()) {
            seen.merge(r.topic(), 1, Integer::sum);
            if (r.key() != null) assertClean("key in " + r.topic(), r.key());
            if (r.value() != null) assertClean("value in " + r.topic(), r.value());
            r.headers().forEach(h -> assertClean("header in " + r.topic(), h.value()));
        }
        assertTrue(seen.keySet().containsAll(Set.of(PublisherConfig.DEFAULT_SESSIONS_TOPIC,
                IngestConfig.DEFAULT_ALERTS_TOPIC)), seen.toString());
        if (Files.exists(spool)) assertCleanTree(spool);
        assertClean(alertsFile.toString(), Files.readAllBytes(alertsFile));
        assertClean("logs", log.text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Every record of every topic on the broker, internal ones included (offsets carry group metadata). */
    private static List<ConsumerRecord<byte[], byte[]>> everyRecord() throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "privacy-audit");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int idle = 0;
            while (System.nanoTime() < deadline && idle < 3) {
                var batch = c.poll(Duration.ofSeconds(1));
                if (batch.isEmpty() && !all.isEmpty()) idle++;
                batch.forEach(all::add);
            }
        }
        return all;
    }
}
