package org.stripwatch.sensor.tls;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.reassembly.StreamControl;

/**
 * TLS record layer push parser for one direction (RFC 8446 §5.1, RFC 5246 §6.2). Plaintext
 * handshake messages are reassembled across records up to {@link TlsConfig#maxHandshakeMessageBytes()}
 * (like Netty's {@code SslClientHelloHandler}); the bodies of encrypted records are skipped with
 * {@link StreamControl#skip(long)} and never copied. Created by {@link TlsConnection}.
 */
public final class TlsStreamParser implements StreamConsumer {
    static final int CT_CHANGE_CIPHER_SPEC = 20;
    static final int CT_ALERT = 21;
    static final int CT_HANDSHAKE = 22;
    static final int CT_APPLICATION_DATA = 23;
    static final int CT_HEARTBEAT = 24;
    /** RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
    static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;
    private static final int HEADER = 5;
    private static final int HS_HEADER = 4;

    /** PREFIX: the stream is not TLS; its first bytes are being collected as evidence, then STOPPED. */
    private enum State { HEADER, BODY, PREFIX, STOPPED }

    private enum Mode { SKIP, SMALL, HANDSHAKE, DISCARD }

    private final Direction direction;
    private final TlsConnection connection;
    private final StreamControl control;
    private final TlsConfig config;
    private final TlsCounters counters;

    private State state = State.HEADER;
    private long offset;
    private boolean encrypted;
    private int recordsAfterCompletion;

    private final byte[] header = new byte[HEADER];
    private int headerFill;
    private int recordType;
    private int recordLength;
    private int recordRemaining;
    private long recordOffset;
    private Mode mode;

    private final byte[] small = new byte[2];
    private int smallFill;

    private final byte[] hsHeader = new byte[HS_HEADER];
    private int hsHeaderFill;
    private int hsLength;
    private int hsFill;
    private byte[] hsBody;
    private long hsOffset;
    /** Message boundaries are unknown after a gap inside a handshake record. */
    private boolean handshakeLost;

    // Evidence of a stream that does not start like TLS, collected across deliveries.
    private TlsAnomaly notTls;
    private byte[] notTlsPrefix;
    private int notTlsFill;
    private long notTlsTs;

    TlsStreamParser(Direction direction, TlsConnection connection, StreamControl control,
            TlsConfig config, TlsCounters counters) {
        this.direction = direction;
        this.connection = connection;
        this.control = control;
        this.config = config;
        this.counters = counters;
    }

    public Direction direction() {
        return direction;
    }

    /** Bytes of this TLS stream consumed: delivered, skipped or lost in gaps. */
    public long offset() {
        return offset;
    }

    /** The parser no longer looks at payload (not TLS, framing lost, or done after completion). */
    public boolean stopped() {
        return state == State.STOPPED || state == State.PREFIX;
    }

    /** From now on this direction's handshake and alert records are encrypted. */
    void markEncrypted() {
        encrypted = true;
    }

    @Override
    public void onData(ByteBuf data, long timestampNanos) {
        while (state != State.STOPPED && data.isReadable()) {
            if (state == State.HEADER) {
                readHeader(data, timestampNanos);
            } else if (state == State.PREFIX) {
                collectPrefix(data);
            } else {
                readBody(data, timestampNanos);
            }
        }
        if (state == State.STOPPED) {
            // Not counted in offset(): it reports where parsing stopped, whatever the segmentation.
            data.skipBytes(data.readableBytes());
        }
    }

    private void readHeader(ByteBuf data, long ts) {
        if (offset == 0 && headerFill == 0 && !checkFirstByte(data, ts)) {
            return;
        }
        int n = Math.min(HEADER - headerFill, data.readableBytes());
        data.readBytes(header, headerFill, n);
        headerFill += n;
        offset += n;
        if (headerFill == HEADER) {
            startRecord(ts);
        }
    }

    /**
     * RFC 8446 §5.1 ContentType; an SSLv2 hello has the high bit set (RFC 5246 Appendix E.2). A
     * stream that starts otherwise is reported with its first {@link TlsConfig#notTlsPrefixBytes()}
     * bytes, collected across deliveries so that the evidence does not depend on segmentation.
     */
    private boolean checkFirstByte(ByteBuf data, long ts) {
        int b = data.getUnsignedByte(data.readerIndex());
        if (b >= CT_CHANGE_CIPHER_SPEC && b <= CT_HEARTBEAT) {
            return true;
        }
        notTls = (b & 0x80) != 0 ? TlsAnomaly.SSLV2_CLIENT_HELLO : TlsAnomaly.NOT_TLS;
        if (notTls == TlsAnomaly.NOT_TLS) {
            counters.notTls.increment();
        }
        notTlsPrefix = new byte[config.notTlsPrefixBytes()];
        notTlsTs = ts;
        state = State.PREFIX;
        collectPrefix(data);
        return false;
    }

    /** Not counted in offset(), like every byte after the parser stopped. */
    private void collectPrefix(ByteBuf data) {
        int n = Math.min(notTlsPrefix.length - notTlsFill, data.readableBytes());
        data.readBytes(notTlsPrefix, notTlsFill, n);
        notTlsFill += n;
        if (notTlsFill == notTlsPrefix.length) {
            reportNotTls();
        }
    }

    /** Reports the collected prefix (the first delivery's timestamp) and stops. */
    private void reportNotTls() {
        byte[] prefix = java.util.Arrays.copyOf(notTlsPrefix, notTlsFill);
        notTlsPrefix = null;
        connection.anomaly(direction, notTls, 0, "first bytes " + HexFormat.of().formatHex(prefix), notTlsTs);
        stop();
    }

    private void startRecord(long ts) {
        headerFill = 0;
        recordType = header[0] & 0xff;
        int major = header[1] & 0xff;
        recordLength = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        recordRemaining = recordLength;
        recordOffset = offset - HEADER;
        if (!validHeader(major, ts)) {
            return;
        }
        counters.recordsParsed.increment();
        if (recordType != CT_HANDSHAKE && hsHeaderFill > 0) {
            connection.anomaly(direction, TlsAnomaly.HANDSHAKE_INTERLEAVED, recordOffset,
                    "content type " + recordType + " inside a handshake message", ts);
            resetHandshake();
        }
        if (recordLength == 0 && (recordType == CT_ALERT || recordType == CT_HANDSHAKE)) {
            connection.anomaly(direction, TlsAnomaly.EMPTY_RECORD, recordOffset,
                    "content type " + recordType, ts);
        }
        mode = chooseMode(ts);
        state = State.BODY;
        if (recordRemaining == 0) {
            endRecord(ts);
        }
    }

    private boolean validHeader(int major, long ts) {
        TlsAnomaly bad = null;
        if (recordType < CT_CHANGE_CIPHER_SPEC || recordType > CT_HEARTBEAT) {
            bad = TlsAnomaly.INVALID_CONTENT_TYPE;
        } else if (major != 3) {
            bad = TlsAnomaly.INVALID_RECORD_VERSION;
        } else if (recordLength > MAX_RECORD_LENGTH) {
            bad = TlsAnomaly.RECORD_TOO_LARGE;
        }
        if (bad == null) {
            return true;
        }
        connection.anomaly(direction, bad, recordOffset,
                "record header " + HexFormat.of().formatHex(header), ts);
        stop();
        return false;
    }

    private Mode chooseMode(long ts) {
        // A 2-byte alert is plaintext even after the keys changed: protection adds at least a MAC
        // or AEAD tag (RFC 5246 §6.2.3, RFC 8446 §5.2), e.g. a TLS 1.3 client refusing the
        // ServerHello before it has handshake keys (RFC 8446 §6).
        boolean plainAlert = recordType == CT_ALERT && recordLength == 2;
        boolean opaque = recordType == CT_APPLICATION_DATA || recordType == CT_HEARTBEAT
                || (encrypted && !plainAlert && (recordType == CT_ALERT || recordType == CT_HANDSHAKE));
        if (opaque) {
            connection.onOpaqueRecord(direction, recordType, recordLength, recordOffset, ts);
            return Mode.SKIP;
        }
        if (recordType == CT_HANDSHAKE) {
            return handshakeLost ? Mode.DISCARD : Mode.HANDSHAKE;
        }
        smallFill = 0;
        return Mode.SMALL;
    }

    private void readBody(ByteBuf data, long ts) {
        int n = (int) Math.min(recordRemaining, data.readableBytes());
        switch (mode) {
            case SKIP, DISCARD -> data.skipBytes(n);
            case SMALL -> readSmall(data, n);
            case HANDSHAKE -> readHandshake(data, n, ts);
        }
        recordRemaining -= n;
        offset += n;
        if (recordRemaining > 0 && mode == Mode.SKIP) {
            // The rest of an encrypted body is not delivered at all: no copy, no buffer.
            control.skip(recordRemaining);
            counters.encryptedBytesSkipped.add(recordRemaining);
            offset += recordRemaining;
            recordRemaining = 0;
        }
        if (recordRemaining == 0 && state == State.BODY) {
            endRecord(ts);
        }
    }

    private void readSmall(ByteBuf data, int n) {
        int keep = Math.min(small.length - smallFill, n);
        data.readBytes(small, smallFill, keep);
        smallFill += keep;
        data.skipBytes(n - keep);
    }

    private void endRecord(long ts) {
        state = State.HEADER;
        if (mode == Mode.SMALL) {
            endSmallRecord(ts);
        }
        if (connection.completed() && ++recordsAfterCompletion > config.recordsAfterCompletion()) {
            stop();
        }
    }

    private void endSmallRecord(long ts) {
        if (recordType == CT_CHANGE_CIPHER_SPEC) {
            if (recordLength != 1 || small[0] != 1) {
                connection.anomaly(direction, TlsAnomaly.MALFORMED_CHANGE_CIPHER_SPEC, recordOffset,
                        "length " + recordLength, ts);
            }
            connection.onChangeCipherSpec(direction, ts);
        } else if (recordLength < 2) {
            connection.anomaly(direction, TlsAnomaly.MALFORMED_ALERT, recordOffset,
                    "length " + recordLength, ts);
        } else {
            connection.onAlert(new TlsAlert(direction, small[0] & 0xff, small[1] & 0xff, false,
                    recordOffset), ts);
        }
    }

    /** Handshake messages across records (RFC 8446 §5.1: fragmentation and coalescing). */
    private void readHandshake(ByteBuf data, int n, long ts) {
        int left = n;
        while (left > 0) {
            if (hsHeaderFill < HS_HEADER) {
                int h = Math.min(HS_HEADER - hsHeaderFill, left);
                if (hsHeaderFill == 0) {
                    hsOffset = offset + (n - left);
                }
                data.readBytes(hsHeader, hsHeaderFill, h);
                hsHeaderFill += h;
                left -= h;
                if (hsHeaderFill == HS_HEADER) {
                    beginMessage(ts);
                }
            } else {
                int b = Math.min(hsLength - hsFill, left);
                if (hsBody != null) {
                    data.readBytes(hsBody, hsFill, b);
                } else {
                    data.skipBytes(b);
                }
                hsFill += b;
                left -= b;
                finishMessageIfComplete(ts);
            }
        }
    }

    private void beginMessage(long ts) {
        int type = hsHeader[0] & 0xff;
        hsLength = ((hsHeader[1] & 0xff) << 16) | ((hsHeader[2] & 0xff) << 8) | (hsHeader[3] & 0xff);
        hsFill = 0;
        int limit = type == 11 ? config.maxCertificateMessageBytes() : config.maxHandshakeMessageBytes();
        boolean tooLarge = hsLength > limit;
        if (tooLarge) {
            counters.handshakeMessageTooLarge.increment();
            connection.anomaly(direction, TlsAnomaly.HANDSHAKE_MESSAGE_TOO_LARGE, hsOffset,
                    "type " + type + " length " + hsLength, ts);
        }
        hsBody = !tooLarge && connection.wantsBody(direction, type) ? new byte[hsLength] : null;
        finishMessageIfComplete(ts);
    }

    private void finishMessageIfComplete(long ts) {
        if (hsHeaderFill == HS_HEADER && hsFill == hsLength) {
            int type = hsHeader[0] & 0xff;
            byte[] body = hsBody;
            int length = hsLength;
            long at = hsOffset;
            resetHandshake();
            connection.onHandshakeMessage(direction, type, body, length, at, ts);
        }
    }

    private void resetHandshake() {
        hsHeaderFill = 0;
        hsFill = 0;
        hsLength = 0;
        hsBody = null;
    }

    /**
     * A gap inside a record body keeps the record framing (the header said how long it is), so
     * records after it are still seen; handshake message boundaries are lost for good. A gap
     * anywhere else loses the framing: RFC 8446 §5.1 records carry no resynchronisation marker.
     */
    @Override
    public void onGap(long length, long timestampNanos) {
        if (state == State.PREFIX) {
            reportNotTls(); // the evidence ends at the gap
        }
        if (state == State.STOPPED) {
            return;
        }
        long at = offset;
        offset += length;
        counters.gaps.increment();
        if (state == State.BODY && length < recordRemaining) {
            recordRemaining -= (int) length;
            if (mode == Mode.HANDSHAKE || hsHeaderFill > 0) {
                handshakeLost = true;
                resetHandshake();
                mode = Mode.DISCARD;
            }
            connection.anomaly(direction, TlsAnomaly.GAP_IN_TLS_STREAM, at,
                    length + " bytes inside a record, framing kept", timestampNanos);
            return;
        }
        connection.anomaly(direction, TlsAnomaly.GAP_IN_TLS_STREAM, at,
                length + " bytes, framing lost", timestampNanos);
        stop();
    }

    @Override
    public void onEnd(EndReason reason, long timestampNanos) {
        if (state == State.PREFIX) {
            reportNotTls();
        }
        if (state == State.BODY || (state == State.HEADER && headerFill > 0)) {
            String where = state == State.BODY
                    ? "content type " + recordType + ", " + recordRemaining + " of " + recordLength
                            + " bytes missing"
                    : headerFill + " header bytes";
            connection.anomaly(direction, TlsAnomaly.ENDED_MID_RECORD, offset,
                    where + ", " + reason.wireName(), timestampNanos);
        }
        state = State.STOPPED;
        connection.onEnd(direction, reason, timestampNanos);
    }

    private void stop() {
        if (state != State.STOPPED) {
            state = State.STOPPED;
            control.stopPayload();
        }
    }
}
