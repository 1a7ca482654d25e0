package org.stripwatch.sensor.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder the broker advertises as its address: while it is down (not listening), the broker
 * is unreachable for clients exactly as if it were stopped; {@link #down()} also cuts open connections.
 */
final class TcpProxy implements AutoCloseable {
    private final int port;
    private volatile int targetPort;
    private volatile ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Latency added to every chunk forwarded in either direction: a slow broker or a congested path. */
    volatile long delayMillis;

    TcpProxy(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    synchronized void up(int target) throws IOException {
        this.targetPort = target;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread t = new Thread(() -> accept(s), "proxy-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    synchronized void down() {
        ServerSocket s = server;
        server = null;
        closeQuietly(s);
        for (Socket c : open) {
            closeQuietly(c);
        }
        open.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long d = delayMillis;
                    if (d > 0) {
                        try {
                            Thread.sleep(d);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // connection cut: close both ends below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    @Override
    public void close() {
        down();
    }
}
