package org.stripwatch.schemas.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one message: a value, or a failure with a short reason (never the raw bytes:
 * they may be hostile and large).
 */
public final class Decoded<T> {
    private final T value;
    private final DecodeFailure failure;
    private final String reason;

    private Decoded(T value, DecodeFailure failure, String reason) {
        this.value = value;
        this.failure = failure;
        this.reason = reason;
    }

    static <T> Decoded<T> ok(T value) {
        return new Decoded<>(Objects.requireNonNull(value, "value"), null, "");
    }

    static <T> Decoded<T> failed(DecodeFailure failure, String reason) {
        return new Decoded<>(null, Objects.requireNonNull(failure, "failure"), reason == null ? "" : reason);
    }

    public boolean isOk() {
        return value != null;
    }

    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** Empty when decoding succeeded. */
    public Optional<DecodeFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** One line, bounded length; empty on success. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return isOk() ? "Decoded[ok]" : "Decoded[" + failure.wireName() + ": " + reason + "]";
    }
}
