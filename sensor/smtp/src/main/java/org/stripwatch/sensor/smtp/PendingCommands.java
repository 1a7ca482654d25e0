package org.stripwatch.sensor.smtp;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Commands waiting for their replies, matched FIFO (RFC 2920 §3.1). Bounded: on overflow the oldest
 * command is dropped but its reply slot is kept as a count, so later replies stay aligned.
 */
final class PendingCommands {
    private final int max;
    private final ArrayDeque<SmtpCommand> queue = new ArrayDeque<>();
    /** Dropped commands at the head whose replies are still to come. */
    private int droppedHead;
    /** Set after a gap in the server direction: replies may have been lost. */
    private boolean replyGap;

    PendingCommands(int max) {
        this.max = max;
    }

    /** Adds a command; returns false if the oldest had to be dropped. */
    boolean add(SmtpCommand command) {
        boolean dropped = false;
        if (queue.size() >= max) {
            queue.pollFirst();
            droppedHead++;
            dropped = true;
        }
        queue.addLast(command);
        return dropped;
    }

    void replyGap() {
        replyGap = true;
    }

    /** A reply arrived with nothing outstanding: the gap's effect is spent. */
    void clearReplyGap() {
        replyGap = false;
    }

    boolean isEmpty() {
        return queue.isEmpty() && droppedHead == 0;
    }

    List<SmtpCommand> snapshot() {
        return List.copyOf(queue);
    }

    /** Whether the head slot is a dropped command. */
    boolean headDropped() {
        return droppedHead > 0;
    }

    /**
     * The command a reply with this code answers, without removing it; null if none or dropped.
     * After a server gap, a code only one outstanding verb can get (220 STARTTLS, 354 DATA, 334/235
     * AUTH, 221 QUIT) skips the commands whose replies were lost in the gap.
     */
    SmtpCommand peek(int code) {
        if (replyGap) {
            replyGap = false;
            SmtpVerb distinctive = distinctiveVerb(code);
            if (distinctive != null && contains(distinctive)) {
                droppedHead = 0;
                while (queue.peekFirst().verb() != distinctive) {
                    queue.pollFirst();
                }
            }
        }
        return droppedHead > 0 ? null : queue.peekFirst();
    }

    /** Removes the head slot (after a final reply). */
    void pop() {
        if (droppedHead > 0) {
            droppedHead--;
        } else {
            queue.pollFirst();
        }
    }

    private boolean contains(SmtpVerb verb) {
        for (SmtpCommand c : queue) {
            if (c.verb() == verb) {
                return true;
            }
        }
        return false;
    }

    private static SmtpVerb distinctiveVerb(int code) {
        return switch (code) {
            case 220 -> SmtpVerb.STARTTLS;
            case 354 -> SmtpVerb.DATA;
            case 334, 235 -> SmtpVerb.AUTH;
            case 221 -> SmtpVerb.QUIT;
            default -> null;
        };
    }
}
