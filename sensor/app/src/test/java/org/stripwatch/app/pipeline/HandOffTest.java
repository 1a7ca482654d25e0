package org.stripwatch.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandOffTest {
    @Test
    void everyItemArrivesInOrderOnTheConsumersThread() {
        List<Integer> seen = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        HandOff<Integer> h = new HandOff<>("test-consumer", i -> {
            seen.add(i);
            if (threads.isEmpty()) threads.add(Thread.currentThread().getName());
        }, 7, 2);
        for (int i = 0; i < 10_001; i++) h.accept(i); // not a multiple of the batch: the last one is partial
        h.close();
        assertEquals(10_001, seen.size());
        for (int i = 0; i < seen.size(); i++) assertEquals(i, seen.get(i));
        assertEquals(List.of("test-consumer"), threads);
    }

    @Test
    void atMostBatchTimesBatchesWaitThenAcceptBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger consumed = new AtomicInteger();
        HandOff<Integer> h = new HandOff<>("slow", i -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumed.incrementAndGet();
        }, 4, 2);
        AtomicInteger handed = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                h.accept(i);
                handed.incrementAndGet();
            }
        });
        producer.start();
        producer.join(500);
        // One batch taken by the (blocked) consumer, two queued, one being filled: 4 * 4 items at most.
        assertTrue(producer.isAlive(), "the producer must block while the consumer is stuck");
        assertTrue(handed.get() <= 16, "handed " + handed.get());
        release.countDown();
        producer.join(TimeUnit.SECONDS.toMillis(10));
        h.close();
        assertEquals(100, consumed.get());
    }

    @Test
    void aFailureOfTheConsumerReachesTheProducer() {
        IllegalStateException boom = new IllegalStateException("boom");
        HandOff<Integer> h = new HandOff<>("failing", i -> {
            if (i == 3) throw boom;
        }, 1, 1);
        RuntimeException seen = assertThrows(RuntimeException.class, () -> {
            for (int i = 0; i < 1_000_000; i++) h.accept(i); // fails at a later accept, never hangs
            h.close();
        });
        assertSame(boom, seen);
        assertSame(boom, assertThrows(RuntimeException.class, h::close));
    }
}
