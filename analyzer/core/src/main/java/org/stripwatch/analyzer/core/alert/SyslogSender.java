package org.stripwatch.analyzer.core.alert;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.stripwatch.analyzer.ingest.AlertSink;
import org.stripwatch.schemas.Alert;

/**
 * Sends RFC 5424 lines to a collector: UDP (RFC 5426, one message per datagram, cut at {@code maxDatagram}) or TCP
 * (RFC 6587 §3.4.1 octet counting, {@code LEN SP MSG}). A TCP send that fails reconnects once and retries; what
 * still fails is counted and dropped (a SIEM outage must not stop the analyzer: the JSON lines and Kafka alerts
 * remain the record).
 */
public final class SyslogSender implements AlertSink, Closeable {
    public enum Transport { UDP, TCP }

    private final Transport transport;
    private final InetSocketAddress target;
    private final SyslogFormatter formatter;
    private final int maxDatagram;
    private final int connectTimeoutMillis;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream tcpOut;
    private long sent, failed, truncated;

    /**
     * @param maxDatagram UDP payload limit [2048: RFC 5426 §3.2 SHOULD accept]
     */
    public SyslogSender(Transport transport, InetSocketAddress target, SyslogFormatter formatter, int maxDatagram, int connectTimeoutMillis) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.target = Objects.requireNonNull(target, "target");
        this.formatter = Objects.requireNonNull(formatter, "formatter");
        if (maxDatagram < 480 || maxDatagram > 65507) throw new IllegalArgumentException("maxDatagram " + maxDatagram);
        this.maxDatagram = maxDatagram;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** {@code host:port}, {@code udp://host:port} or {@code tcp://host:port} (default UDP); IPv6 as {@code [2001:db8::1]:514}. */
    public static SyslogSender parse(String spec, SyslogFormatter formatter) {
        Transport t = Transport.UDP;
        String s = spec;
        if (s.startsWith("tcp://")) { t = Transport.TCP; s = s.substring(6); }
        else if (s.startsWith("udp://")) s = s.substring(6);
        int colon = s.lastIndexOf(':');
        String bad = "syslog target \"" + spec + "\": expected host:port, udp://host:port or tcp://host:port";
        if (colon <= 0 || s.contains("/")) throw new IllegalArgumentException(bad);
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException(bad);
        return new SyslogSender(t, new InetSocketAddress(host, port), formatter, 2048, 2000);
    }

    @Override
    public synchronized void accept(Alert a) {
        byte[] msg = formatter.format(a).getBytes(StandardCharsets.UTF_8);
        try {
            send(msg);
            sent++;
        } catch (IOException first) {
            closeTcp();
            try {
                if (transport == Transport.TCP) {
                    send(msg);
                    sent++;
                    return;
                }
            } catch (IOException again) {
                closeTcp();
            }
            failed++;
        }
    }

    private void send(byte[] msg) throws IOException {
        if (transport == Transport.UDP) {
            if (udp == null) udp = new DatagramSocket();
            int len = msg.length;
            if (len > maxDatagram) {
                len = maxDatagram;
                truncated++;
            }
            udp.send(new DatagramPacket(msg, len, target));
        } else {
            if (tcp == null) {
                tcp = new Socket();
                tcp.connect(target, connectTimeoutMillis);
                tcpOut = tcp.getOutputStream();
            }
            tcpOut.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
            tcpOut.write(msg);
            tcpOut.flush();
        }
    }

    private void closeTcp() {
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
        tcp = null;
        tcpOut = null;
    }

    public synchronized long sent() { return sent; }
    /** Messages dropped after the send (and for TCP one reconnect) failed. */
    public synchronized long failed() { return failed; }
    /** UDP messages cut at {@code maxDatagram}. */
    public synchronized long truncated() { return truncated; }

    @Override
    public synchronized void close() {
        closeTcp();
        if (udp != null) udp.close();
    }
}
