package org.stripwatch.analyzer.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.SessionRef;
import org.stripwatch.schemas.Severity;

/**
 * Deterministic alert identities: the same session and alert type always give the same id, so a record
 * delivered twice (at-least-once) produces an alert that downstream deduplicates instead of a second alert.
 */
public final class AlertIds {
    private AlertIds() {
    }

    /** The session key: who saw it (sensor, connection) and the 4-tuple and start that make it unique. */
    public static SessionRef ref(SessionRecord s) {
        return SessionRef.newBuilder().setSensorId(s.getSensorId()).setConnectionId(s.getConnectionId())
                .setClientIp(s.getClientIp()).setClientPort(s.getClientPort()).setServerIp(s.getServerIp())
                .setServerPort(s.getServerPort()).setStart(s.getStart()).build();
    }

    /**
     * 32 lower-case hex digits: the first 128 bits of SHA-256 over the session key and {@code type}, fields
     * length-prefixed so no two keys collide by concatenation.
     */
    public static String of(SessionRef ref, String type) {
        MessageDigest d = sha256();
        field(d, ref.getSensorId().getBytes(StandardCharsets.UTF_8));
        field(d, ref.getConnectionId().getBytes(StandardCharsets.UTF_8));
        field(d, bytes(ref.getClientIp()));
        field(d, intBytes(ref.getClientPort()));
        field(d, bytes(ref.getServerIp()));
        field(d, intBytes(ref.getServerPort()));
        long micros = Math.addExact(Math.multiplyExact(ref.getStart().getEpochSecond(), 1_000_000L),
                ref.getStart().getNano() / 1000);
        field(d, ByteBuffer.allocate(8).putLong(micros).array());
        field(d, type.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest(), 0, 16);
    }

    /**
     * An alert builder with id, time (the session's start, not the wall clock: redelivery reproduces the
     * alert exactly), type, severity, server and session reference filled in.
     */
    public static Alert.Builder newAlert(SessionRecord s, String type, Severity severity) {
        SessionRef ref = ref(s);
        return Alert.newBuilder().setAlertId(of(ref, type)).setTime(s.getStart()).setSeverity(severity).setType(type)
                .setServerIp(s.getServerIp()).setServerPort(s.getServerPort()).setSession(ref);
    }

    private static void field(MessageDigest d, byte[] b) {
        d.update(intBytes(b.length));
        d.update(b);
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer x = b.duplicate();
        byte[] out = new byte[x.remaining()];
        x.get(out);
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
