package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.stripwatch.app.output.ConnLog;
import org.stripwatch.app.output.SessionLog;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionAnalysis;
import org.stripwatch.sensor.session.SessionConfig;

/**
 * Golden tests on every committed capture: the session records equal the reviewed
 * {@code NAME.expected.jsonl}, the connection log equals {@code NAME.flows.jsonl} and agrees with tshark's independent view of the same file
 * ({@code NAME.tshark-streams.tsv}): the same connections, with the same frames and frame bytes in
 * each direction. Regenerate the golden files with {@code STRIPWATCH_REGENERATE=1} and review the diff.
 */
class GoldenCapturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> publicCaptures() throws IOException {
        List<Path> files = Captures.in(Captures.dir("public"));
        assertFalse(files.isEmpty(), "no captures under " + Captures.dir("public"));
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    /** The replay pipeline's two outputs for one capture: connection log and session records. */
    record Outputs(List<String> flows, List<String> sessions) {}

    static Outputs replay(Path capture) throws Exception {
        List<String> flows = new ArrayList<>(), sessions = new ArrayList<>();
        ConnLog log = new ConnLog();
        SessionLog sessionLog = new SessionLog();
        SessionAnalysis analysis = new SessionAnalysis(SessionConfig.DEFAULTS, r -> sessions.add(sessionLog.render(r)));
        Pipeline p = new Pipeline(DecoderConfig.DEFAULTS, ReassemblyConfig.DEFAULTS, analysis::open);
        p.addSummarySink(s -> flows.add(log.render(s)));
        try (FileSource src = FileSource.open(List.of(capture))) {
            p.run(src);
        }
        return new Outputs(flows, sessions);
    }

    /** Compares with the golden file, or writes it when regenerating (review the diff!). */
    static void golden(Path file, List<String> lines) throws IOException {
        if (Captures.regenerate() || !Files.exists(file)) Files.write(file, lines, StandardCharsets.UTF_8);
        assertEquals(Files.readAllLines(file, StandardCharsets.UTF_8), lines, "golden file " + file);
    }

    private static void check(Path capture) throws Exception {
        Outputs out = replay(capture);
        String base = Captures.baseName(capture);
        golden(capture.resolveSibling(base + ".flows.jsonl"), out.flows());
        golden(capture.resolveSibling(base + ".expected.jsonl"), out.sessions());
        Path tshark = capture.resolveSibling(base + ".tshark-streams.tsv");
        assertTrue(Files.exists(tshark), "missing tshark reference " + tshark);
        compareWithTshark(out.flows(), Files.readAllLines(tshark));
    }

    /** Every tshark TCP stream is one of our connections, with equal frames and bytes each way. */
    static void compareWithTshark(List<String> ours, List<String> tsharkLines) throws IOException {
        Map<String, List<JsonNode>> byEndpoints = new HashMap<>();
        int count = 0;
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : ours) nodes.add(JSON.readTree(l));
        nodes.sort(java.util.Comparator.comparing(n -> n.get("start").asText()));
        for (JsonNode n : nodes) {
            String k = key(n.get("client_ip").asText(), n.get("client_port").asInt(), n.get("server_ip").asText(),
                    n.get("server_port").asInt());
            List<JsonNode> same = byEndpoints.computeIfAbsent(k, x -> new ArrayList<>());
            JsonNode prev = same.isEmpty() ? null : same.get(same.size() - 1);
            // tshark has no idle timeout: what we split after a silence longer than ours is one stream to it.
            if (prev != null && "idle_timeout".equals(prev.get("close_reason").asText())) {
                same.set(same.size() - 1, mergeSameEndpoints(prev, n));
            } else {
                same.add(n);
                count++;
            }
        }
        assertEquals(tsharkLines.size(), count, "number of TCP connections (tshark streams)");
        for (String t : tsharkLines) {
            String[] f = t.split("\t");
            String aIp = f[1], bIp = f[3];
            int aPort = Integer.parseInt(f[2]), bPort = Integer.parseInt(f[4]);
            List<JsonNode> candidates = byEndpoints.get(key(aIp, aPort, bIp, bPort));
            assertNotNull(candidates, "tshark stream " + f[0] + " " + aIp + ":" + aPort + " <-> " + bIp + ":" + bPort
                    + " has no connection in the log");
            JsonNode n = candidates.remove(0);
            boolean aIsClient = canonical(aIp).equals(canonical(n.get("client_ip").asText()))
                    && aPort == n.get("client_port").asInt();
            JsonNode aDir = n.get(aIsClient ? "client" : "server"), bDir = n.get(aIsClient ? "server" : "client");
            String what = "tshark stream " + f[0] + " (" + t + ")";
            assertEquals(Long.parseLong(f[5]), aDir.get("packets").asLong(), what + ": frames A->B");
            assertEquals(Long.parseLong(f[6]), aDir.get("bytes").asLong(), what + ": bytes A->B");
            assertEquals(Long.parseLong(f[7]), bDir.get("packets").asLong(), what + ": frames B->A");
            assertEquals(Long.parseLong(f[8]), bDir.get("bytes").asLong(), what + ": bytes B->A");
        }
    }

    /** Adds {@code b}'s per-direction counts to {@code a}'s, matching directions by endpoint. */
    private static JsonNode mergeSameEndpoints(JsonNode a, JsonNode b) {
        com.fasterxml.jackson.databind.node.ObjectNode m = a.deepCopy();
        boolean sameClient = canonical(a.get("client_ip").asText()).equals(canonical(b.get("client_ip").asText()))
                && a.get("client_port").asInt() == b.get("client_port").asInt();
        for (String dir : new String[] {"client", "server"}) {
            String other = sameClient ? dir : (dir.equals("client") ? "server" : "client");
            com.fasterxml.jackson.databind.node.ObjectNode d = (com.fasterxml.jackson.databind.node.ObjectNode) m.get(dir);
            for (String f : new String[] {"packets", "bytes"}) {
                d.put(f, d.get(f).asLong() + b.get(other).get(f).asLong());
            }
        }
        return m;
    }

    private static String key(String ip1, int p1, String ip2, int p2) {
        String a = canonical(ip1) + "/" + p1, b = canonical(ip2) + "/" + p2;
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }

    private static String canonical(String ip) {
        return org.stripwatch.sensor.decode.IpAddress.parse(ip).toString();
    }
}
