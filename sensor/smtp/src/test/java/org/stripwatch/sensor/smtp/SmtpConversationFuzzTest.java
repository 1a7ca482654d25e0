package org.stripwatch.sensor.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stripwatch.sensor.reassembly.Direction;

/**
 * Coverage-guided fuzzing of the SMTP conversation (both directions' push parsers, the STARTTLS
 * handoff, BDAT skips) with Jazzer. Each input is a script of client and server segments, gaps and
 * ends; it is played whole and again with two extra cuts at input-chosen offsets, under a small and
 * the default configuration. Properties: nothing escapes, retained memory and every list stay
 * within the configured bounds ({@link FuzzTest#assertBounded}), and the cut play gives exactly the
 * events of the whole one.
 *
 * <p>Input: {@code u16 cut1, u16 cut2} (global byte offsets, modulo the data length), then steps:
 * {@code u8 kind} (bit 0 server, bits 1-2: 0-1 data, 2 gap, 3 end) and for data {@code u8 length,
 * bytes}, for a gap {@code u8 length}.
 */
class SmtpConversationFuzzTest {
    @com.code_intelligence.jazzer.junit.FuzzTest // fully qualified: this package has a FuzzTest class
    void conversation(byte[] input) {
        if (input.length < 4) {
            return;
        }
        List<Wire.Step> script = script(input);
        int total = Wire.totalLength(script);
        TreeSet<Integer> cuts = new TreeSet<>();
        if (total > 1) {
            cuts.add(1 + ((input[0] & 0xff) << 8 | (input[1] & 0xff)) % (total - 1));
            cuts.add(1 + ((input[2] & 0xff) << 8 | (input[3] & 0xff)) % (total - 1));
        }
        for (SmtpConfig config : List.of(FuzzTest.SMALL, SmtpConfig.DEFAULT)) {
            Wire whole = new Wire(config, true).play(script);
            FuzzTest.assertBounded(whole, config);
            Wire cut = new Wire(config, true).play(script, cuts);
            FuzzTest.assertBounded(cut, config);
            SplitTest.assertSame(whole.observed(), cut.observed(), "cut at " + cuts);
        }
    }

    static List<Wire.Step> script(byte[] input) {
        List<Wire.Step> script = new ArrayList<>();
        int pos = 4;
        while (pos < input.length) {
            int kind = input[pos++] & 0xff;
            Direction dir = (kind & 1) != 0 ? Wire.S : Wire.C;
            int type = (kind >>> 1) & 3;
            if (type == 3) {
                script.add(Wire.end(dir));
                continue;
            }
            int len = pos < input.length ? input[pos++] & 0xff : 0;
            if (type == 2) {
                if (len > 0) script.add(Wire.gap(dir, len));
                continue;
            }
            len = Math.min(len, input.length - pos);
            byte[] data = new byte[len];
            System.arraycopy(input, pos, data, 0, len);
            pos += len;
            script.add(new Wire.Data(dir, data));
        }
        return script;
    }

    // ---- seed corpus ----------------------------------------------------------------------------

    /** Writes the fixtures as seeds: {@code -Dtest=SmtpConversationFuzzTest#writeSeeds -Dstripwatch.fuzz.writeSeeds=true}. */
    @Test
    @EnabledIfSystemProperty(named = "stripwatch.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path dir = Path.of(System.getProperty("stripwatch.root"), "sensor/smtp/src/test/resources",
                "org/stripwatch/sensor/smtp/SmtpConversationFuzzTestInputs/conversation");
        Files.createDirectories(dir);
        for (Map.Entry<String, List<Wire.Step>> fixture : Fixtures.all().entrySet()) {
            Files.write(dir.resolve("seed-" + fixture.getKey().replaceAll("[^A-Za-z0-9_-]", "_")),
                    encode(fixture.getValue()));
        }
    }

    private static byte[] encode(List<Wire.Step> script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 7, 0, 41});
        for (Wire.Step step : script) {
            if (step instanceof Wire.Data d) {
                byte[] b = d.bytes();
                for (int at = 0; at < b.length || at == 0; at += 255) {
                    int n = Math.min(255, b.length - at);
                    out.write(d.dir() == Wire.S ? 1 : 0);
                    out.write(n);
                    out.write(b, at, n);
                }
            } else if (step instanceof Wire.Gap g) {
                for (long left = g.length(); left > 0; left -= 255) {
                    out.write((g.dir() == Wire.S ? 1 : 0) | 4);
                    out.write((int) Math.min(255, left));
                }
            } else if (step instanceof Wire.End e) {
                out.write((e.dir() == Wire.S ? 1 : 0) | 6);
            }
        }
        return out.toByteArray();
    }
}
