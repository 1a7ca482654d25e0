package org.stripwatch.sensor.session;

import org.stripwatch.sensor.reassembly.Direction;

/** Readable names for the TLS history letters (see {@code TlsHandshake#history()}). */
final class TlsMessages {
    private TlsMessages() {}

    static String describe(Direction direction, char letter) {
        String who = direction == Direction.CLIENT_TO_SERVER ? "client_" : "server_";
        String name = switch (Character.toUpperCase(letter)) {
            case 'C' -> "client_hello";
            case 'S' -> "server_hello";
            case 'J' -> "hello_retry_request";
            case 'X' -> "certificate";
            case 'K' -> "server_key_exchange";
            case 'R' -> "certificate_request";
            case 'N' -> "server_hello_done";
            case 'Y' -> "certificate_verify";
            case 'G' -> "client_key_exchange";
            case 'F' -> "finished";
            case 'T' -> "new_session_ticket";
            case 'U' -> "certificate_status";
            case 'O' -> "encrypted_extensions";
            case 'I' -> "change_cipher_spec";
            case 'L' -> "alert";
            case 'D' -> "application_data";
            default -> "handshake_message";
        };
        return name.startsWith("client_") || name.startsWith("server_") ? name : who + name;
    }
}
