package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The attack lab's labels are the expected findings: every labelled connection, at both vantage
 * points, yields exactly its labelled finding types — no more, no fewer — and the lab's session
 * records, connection logs and tshark view are golden like the public captures'.
 */
class LabCapturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> labCaptures() throws Exception {
        Path dir = Captures.dir("lab");
        JsonNode labels = JSON.readTree(dir.resolve("labels.json").toFile());
        Map<String, List<JsonNode>> byCapture = new HashMap<>();
        for (JsonNode c : labels.get("connections")) {
            byCapture.computeIfAbsent(c.get("capture").asText(), k -> new ArrayList<>()).add(c);
        }
        List<Path> files = Captures.in(dir);
        assertEquals(byCapture.keySet(), new TreeSet<>(files.stream().map(p -> p.getFileName().toString()).toList()),
                "every lab capture is labelled, every label has its capture");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> check(f, byCapture.get(f.getFileName().toString()))));
    }

    private static void check(Path capture, List<JsonNode> labelled) throws Exception {
        GoldenCapturesTest.Outputs out = GoldenCapturesTest.replay(capture);
        String base = Captures.baseName(capture);
        GoldenCapturesTest.golden(capture.resolveSibling(base + ".flows.jsonl"), out.flows());
        GoldenCapturesTest.golden(capture.resolveSibling(base + ".expected.jsonl"), out.sessions());
        GoldenCapturesTest.compareWithTshark(out.flows(),
                Files.readAllLines(capture.resolveSibling(base + ".tshark-streams.tsv")));

        Map<String, List<JsonNode>> ours = new HashMap<>();
        for (String l : out.sessions()) {
            JsonNode s = JSON.readTree(l);
            ours.computeIfAbsent(key(s.get("client_ip").asText(), s.get("client_port").asInt(),
                    s.get("server_ip").asText(), s.get("server_port").asInt()), k -> new ArrayList<>()).add(s);
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode label : labelled) {
            String k = key(label.get("client").asText(), label.get("client_port").asInt(), label.get("server").asText(),
                    label.get("server_port").asInt());
            JsonNode s = closestInTime(ours.get(k), label.get("start").asText());
            if (s == null) {
                problems.add(label.get("scenario").asText() + " " + k + ": no session record");
                continue;
            }
            TreeSet<String> expected = new TreeSet<>(), got = new TreeSet<>();
            label.get("expected_findings").forEach(n -> expected.add(n.asText()));
            s.get("findings").forEach(n -> got.add(n.get("type").asText()));
            if (!expected.equals(got)) {
                problems.add(label.get("scenario").asText() + " " + k + " " + label.get("start").asText()
                        + ": expected " + expected + " got " + got);
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " of " + labelled.size() + " labelled connections differ:\n"
                + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
    }

    private static JsonNode closestInTime(List<JsonNode> candidates, String start) {
        if (candidates == null || candidates.isEmpty()) return null;
        java.time.Instant t = java.time.Instant.parse(start);
        JsonNode best = null;
        long bestDiff = Long.MAX_VALUE;
        for (JsonNode c : candidates) {
            long d = Math.abs(java.time.Duration.between(t, java.time.Instant.parse(c.get("start").asText())).toNanos());
            if (d < bestDiff) {
                bestDiff = d;
                best = c;
            }
        }
        return best;
    }

    private static String key(String clientIp, int clientPort, String serverIp, int serverPort) {
        return org.stripwatch.sensor.decode.IpAddress.parse(clientIp) + ":" + clientPort + " -> "
                + org.stripwatch.sensor.decode.IpAddress.parse(serverIp) + ":" + serverPort;
    }
}
