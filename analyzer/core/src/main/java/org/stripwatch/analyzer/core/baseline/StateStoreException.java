package org.stripwatch.analyzer.core.baseline;

import java.io.IOException;

/** The state file cannot be read or written; the message names the file and says what to do. */
public final class StateStoreException extends IOException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
