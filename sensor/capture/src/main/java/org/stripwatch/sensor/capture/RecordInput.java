package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;

/**
 * Forward-only random access to a capture stream, shared by the pcap and pcapng record parsers so
 * that mapped files and streamed (gzip, pipe) input use the same parsing code.
 *
 * <p>Positions are absolute byte offsets in the (decompressed) stream. After {@code ensure(pos, len)}
 * returned true, bytes {@code [pos, pos + len)} are at {@code buf()} indexes {@code index(pos)...}
 * until the next {@code ensure}; bytes before {@code pos} may be dropped by that call. The buffer is
 * also the frame view handed to the sink (indexes set per frame), so there is no allocation per record.
 */
interface RecordInput extends Closeable {
    /**
     * Makes {@code [pos, pos + len)} addressable. False when the input ends before {@code pos + len}.
     * {@code len} is at most {@link FileSourceConfig#maxBlockLength()} + 8.
     */
    boolean ensure(long pos, int len) throws IOException;

    ByteBuf buf();

    int index(long pos);

    @Override
    void close() throws IOException;
}
