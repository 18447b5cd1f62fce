package io.replog.checker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each replica of a primary-backup service delivered (applied as committed), in delivery order,
 * and which deltas are known to be committed (for example because the primary acknowledged them).
 *
 * @param deliveries per replica, in order of first appearance, the deltas it delivered in order
 * @param committed  committed deltas, each with the line that says so
 */
public record DeliveryHistory(String source, Map<String, List<Delivery>> deliveries, Map<Delta, Long> committed) {

    public DeliveryHistory {
        Map<String, List<Delivery>> copy = new LinkedHashMap<>();
        deliveries.forEach((replica, list) -> copy.put(replica, List.copyOf(list)));
        deliveries = java.util.Collections.unmodifiableMap(copy);
        committed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(committed));
    }

    /**
     * One delivery.
     *
     * @param delta the delta's tag
     * @param label an optional name for people (e.g. "A"), or {@code null}
     * @param line  line of the history file, from 1 (0 when built in code)
     */
    public record Delivery(Delta delta, String label, long line) {
        /** For example {@code <1,2> "B" (line 7)}. */
        public String describe() {
            return delta + (label == null ? "" : " \"" + label + "\"") + (line == 0 ? "" : " (line " + line + ")");
        }
    }

    /** A builder for histories made in code (tests, the simulator). */
    public static final class Builder {
        private final Map<String, List<Delivery>> deliveries = new LinkedHashMap<>();
        private final Map<Delta, Long> committed = new LinkedHashMap<>();

        public Builder deliver(String replica, long epoch, long counter) {
            return deliver(replica, epoch, counter, null);
        }

        public Builder deliver(String replica, long epoch, long counter, String label) {
            deliveries.computeIfAbsent(replica, r -> new ArrayList<>())
                .add(new Delivery(new Delta(epoch, counter), label, 0));
            return this;
        }

        public Builder commit(long epoch, long counter) {
            committed.put(new Delta(epoch, counter), 0L);
            return this;
        }

        public DeliveryHistory build() {
            return new DeliveryHistory("(built in code)", deliveries, committed);
        }
    }
}
