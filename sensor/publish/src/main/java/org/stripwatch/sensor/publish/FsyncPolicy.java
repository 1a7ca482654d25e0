package org.stripwatch.sensor.publish;

/** When the spool forces its writes to stable storage ({@code FileChannel.force}). */
public enum FsyncPolicy {
    /** Leave it to the OS page cache: survives a process crash, not a power loss. Fastest. */
    NEVER,
    /** At most one force per {@link SpoolConfig#fsyncInterval()}: a power loss loses at most that much. */
    INTERVAL,
    /** After every record: survives a power loss record by record; one disk flush per record. */
    ALWAYS
}
