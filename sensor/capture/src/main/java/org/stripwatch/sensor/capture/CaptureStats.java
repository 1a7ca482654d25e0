package org.stripwatch.sensor.capture;

/**
 * A snapshot of a source's counters.
 *
 * @param inputs         files (or interfaces) opened
 * @param packets        frames delivered
 * @param bytes          captured bytes delivered
 * @param snaplenCut     frames whose captured length is below their wire length
 * @param damagedRecords records or blocks with impossible headers (skipped, or reading of that file ended)
 * @param truncatedInputs inputs that ended in the middle of a record
 * @param kernelDrops    frames dropped by the kernel or interface (live capture; 0 for files)
 */
public record CaptureStats(long inputs, long packets, long bytes, long snaplenCut, long damagedRecords,
                           long truncatedInputs, long kernelDrops) {
    public static final CaptureStats EMPTY = new CaptureStats(0, 0, 0, 0, 0, 0, 0);

    public CaptureStats plus(CaptureStats o) {
        return new CaptureStats(inputs + o.inputs, packets + o.packets, bytes + o.bytes, snaplenCut + o.snaplenCut,
                damagedRecords + o.damagedRecords, truncatedInputs + o.truncatedInputs, kernelDrops + o.kernelDrops);
    }
}
