package org.stripwatch.app.pipeline;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * A consumer that runs on a thread of its own: items are handed over in order, in batches, through a
 * bounded queue, so the analysis thread that produces them goes on while the consumer works (replay's
 * embedded analyzer: its own core instead of a third of the sensor thread's time).
 *
 * <p>Order is kept; at most {@code batch * batches} items wait, then {@link #accept} blocks (the
 * memory bound). Items of an unfinished batch wait until it fills or {@link #close}: for a run that
 * ends (replay), not for live latency. A failure of the consumer is rethrown by the next
 * {@link #accept} or by {@link #close}; items after it are dropped, as the run then fails.
 */
public final class HandOff<T> implements Consumer<T>, AutoCloseable {
    private static final Object[] END = new Object[0];

    private final Consumer<? super T> consumer;
    private final BlockingQueue<Object[]> queue;
    private final int batchSize;
    private final Thread thread;
    private Object[] batch;
    private int count;
    private volatile Throwable failure;
    private boolean closed;

    public HandOff(String name, Consumer<? super T> consumer, int batchSize, int batches) {
        if (batchSize < 1 || batches < 1) throw new IllegalArgumentException("batch size and count must be positive");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(batches);
        this.batch = new Object[batchSize];
        this.thread = new Thread(this::drain, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(T item) {
        rethrow();
        if (closed) throw new IllegalStateException("handed over after close");
        batch[count++] = item;
        if (count == batchSize) {
            put(batch);
            batch = new Object[batchSize];
            count = 0;
        }
    }

    /** Hands over what is left, waits for the consumer to finish it, and rethrows its failure, if any. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (count > 0) put(Arrays.copyOf(batch, count));
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
        }
        rethrow();
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        try {
            while (true) {
                Object[] b = queue.take();
                if (b == END) return;
                if (failure != null) continue; // keep taking, so that the producer never blocks on a dead consumer
                for (Object o : b) consumer.accept((T) o);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            queue.clear();
            drainAfterFailure();
        }
    }

    private void drainAfterFailure() {
        try {
            while (queue.take() != END) {
                // dropped: the run fails with the consumer's error
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Object[] b) {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over to " + thread.getName(), e);
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t == null) return;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(thread.getName() + " failed: " + t, t);
    }
}
