package org.stripwatch.sensor.capture;

/**
 * Input that cannot be read at all. The message is a single line that names the input (file or
 * interface) and the problem, fit to print as is before a non-zero exit.
 */
public final class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
