package org.stripwatch.sensor.session;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.reassembly.TcpEvent;

/**
 * Holds off building a session until its first payload byte. Most tracked connections on a busy
 * or attacked link never carry one (SYN floods, scans, refused connections), and an idle handler
 * must cost a few dozen bytes, not the parsers' buffers. A connection that never carried payload
 * is no SMTP session: it stays in the connection log only.
 */
final class LazySession implements ConnectionHandler {
    /** TCP events before the first byte (mid-stream start, a RST) kept for the session, bounded. */
    private static final int EARLY_EVENTS = 4;

    private final Supplier<SmtpSession> factory;
    private SmtpSession session;
    private List<TcpEvent> early;

    LazySession(Supplier<SmtpSession> factory) {
        this.factory = factory;
    }

    private SmtpSession session() {
        if (session == null) {
            session = factory.get();
            if (early != null) {
                for (TcpEvent e : early) session.onTcpEvent(e);
                early = null;
            }
        }
        return session;
    }

    @Override
    public StreamConsumer consumer(Direction direction) {
        return new StreamConsumer() {
            private StreamConsumer target;

            private StreamConsumer target() {
                if (target == null) target = session().consumer(direction);
                return target;
            }

            @Override
            public void onData(ByteBuf data, long timestampNanos) {
                target().onData(data, timestampNanos);
            }

            @Override
            public void onGap(long length, long timestampNanos) {
                target().onGap(length, timestampNanos);
            }

            @Override
            public void onEnd(EndReason reason, long timestampNanos) {
                if (session != null) target().onEnd(reason, timestampNanos);
            }
        };
    }

    @Override
    public void onTcpEvent(TcpEvent event) {
        if (session != null) {
            session.onTcpEvent(event);
        } else {
            if (early == null) early = new ArrayList<>(2);
            if (early.size() < EARLY_EVENTS) early.add(event);
        }
    }

    @Override
    public void onClose(ConnectionSummary summary) {
        if (session != null) session.onClose(summary);
    }
}
