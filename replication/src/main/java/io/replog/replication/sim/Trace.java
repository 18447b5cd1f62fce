package io.replog.replication.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's fingerprint and short memory: a hash over every processed event (equal seeds give
 * equal hashes, so determinism itself is testable) and the last {@link #CAPACITY} events and notes
 * for violation reports. Events are kept as objects and formatted only when a report is made.
 */
final class Trace {
    static final int CAPACITY = 50;

    private final Object[] recent = new Object[CAPACITY];
    private long count;
    private long hash = 0xCBF29CE484222325L;

    void record(Event event) {
        hash = event.hashInto(hash);
        remember(event);
    }

    /** A note (role change, fault) that also enters the hash. */
    void note(String text) {
        hash = Event.mix(hash, text.hashCode());
        remember(text);
    }

    private void remember(Object item) {
        recent[(int)(count % CAPACITY)] = item;
        count++;
    }

    long hash() {
        return hash;
    }

    /** The remembered events, oldest first. */
    List<String> lastEvents() {
        List<String> lines = new ArrayList<>();
        long first = Math.max(0, count - CAPACITY);
        for (long i = first; i < count; i++) {
            lines.add(String.valueOf(recent[(int)(i % CAPACITY)]));
        }
        return lines;
    }
}
