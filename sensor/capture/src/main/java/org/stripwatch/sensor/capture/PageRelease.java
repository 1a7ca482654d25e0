package org.stripwatch.sensor.capture;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Drops the pages of a read-only file mapping from the process: {@code madvise(MADV_DONTNEED)} (Linux
 * madvise(2)). For a shared file mapping this only unmaps the page-table entries: the data stays in the
 * page cache and a later access faults it back in from the file, so a frame wrongly kept past its call
 * still reads the right bytes (unlike munmap, which would crash the JVM). What it buys: a replay's resident
 * memory stays flat instead of growing with the file (every page read would otherwise stay counted in RSS
 * until the garbage collector unmaps the window).
 */
final class PageRelease {
    private static final int MADV_DONTNEED = 4;
    private static final long PAGE = 4096;
    /** False where madvise cannot be called (not Linux, no JNA native support): then nothing is released. */
    static final boolean AVAILABLE = register();

    private PageRelease() {}

    private static boolean register() {
        if (!Platform.isLinux()) return false;
        try {
            Native.register(PageRelease.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, or no JNA dispatch library for this platform
            return false;
        }
    }

    private static native int madvise(Pointer address, long length, int advice);

    /**
     * Releases the whole pages of {@code [address, address + length)}; returns the bytes released (0 if none
     * or unavailable).
     */
    static long release(long address, long length) {
        if (!AVAILABLE || address == 0 || length <= 0) return 0;
        long start = (address + PAGE - 1) & -PAGE;
        long end = (address + length) & -PAGE;
        if (end <= start) return 0;
        return madvise(new Pointer(start), end - start, MADV_DONTNEED) == 0 ? end - start : 0;
    }
}
