package io.replog.examples.pb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.replog.checker.DeliveryHistory;
import io.replog.checker.Delta;
import io.replog.replication.pb.DeliveryListener;
import org.agrona.DirectBuffer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every replica of a primary-backup cluster delivered, by log index, across restarts: the
 * evidence for the primary-order checker. A replica that restarts delivers again from its newest
 * snapshot; one that loads a snapshot takes the snapshot's prefix as delivered (the deltas the other
 * replicas delivered at those indexes, ending at the snapshot's own (epoch, counter), which is
 * checked). Two deliveries of different deltas at one index are recorded as conflicts. Thread-safe.
 */
public final class DeliveryRecorder {
    /** One delivered delta: its tag and its bytes. */
    public record Delivered(long index, long epoch, long counter, byte[] delta) {
        boolean sameAs(Delivered other) {
            return epoch == other.epoch && counter == other.counter && java.util.Arrays.equals(delta, other.delta);
        }
    }

    private final Map<String, TreeMap<Long, Delivered>> byReplica = new LinkedHashMap<>();
    private final Map<String, Long> restoredUpTo = new LinkedHashMap<>();
    private final Map<String, Delta> restoredTags = new LinkedHashMap<>();
    private final List<String> conflicts = new ArrayList<>();

    /** The listener to give replica {@code replica}'s node (keep the same name across its restarts). */
    public synchronized DeliveryListener listener(String replica) {
        byReplica.computeIfAbsent(replica, r -> new TreeMap<>());
        return new DeliveryListener() {
            @Override
            public void delivered(long index, long epoch, long counter, DirectBuffer delta, int offset, int length) {
                byte[] bytes = new byte[length];
                delta.getBytes(offset, bytes);
                record(replica, new Delivered(index, epoch, counter, bytes));
            }

            @Override
            public void restored(long index, long epoch, long counter) {
                synchronized (DeliveryRecorder.this) {
                    if (index > restoredUpTo.getOrDefault(replica, 0L)) {
                        restoredUpTo.put(replica, index);
                        restoredTags.put(replica, new Delta(epoch, counter));
                    }
                }
            }
        };
    }

    private synchronized void record(String replica, Delivered delivered) {
        Delivered earlier = byReplica.get(replica).put(delivered.index(), delivered);
        if (earlier != null && !earlier.sameAs(delivered)) {
            conflicts.add(replica + " delivered <" + delivered.epoch() + "," + delivered.counter() + "> at index " +
                delivered.index() + " where it had delivered <" + earlier.epoch() + "," + earlier.counter() + ">");
        }
    }

    /** Every replica's deliveries in log order, a loaded snapshot's prefix filled in from the others. */
    public synchronized Map<String, List<Delivered>> deliveries() {
        return merge(new ArrayList<>());
    }

    private Map<String, List<Delivered>> merge(List<String> problems) {
        TreeMap<Long, Delivered> union = new TreeMap<>();
        byReplica.forEach((replica, deliveries) -> deliveries.forEach((index, delivered) -> {
            Delivered other = union.putIfAbsent(index, delivered);
            if (other != null && !other.sameAs(delivered)) {
                problems.add("replicas delivered different deltas at index " + index + ": <" + other.epoch() + "," +
                    other.counter() + "> and <" + delivered.epoch() + "," + delivered.counter() + ">");
            }
        }));
        Map<String, List<Delivered>> result = new LinkedHashMap<>();
        byReplica.forEach((replica, deliveries) -> {
            TreeMap<Long, Delivered> merged = new TreeMap<>(deliveries);
            long restored = restoredUpTo.getOrDefault(replica, 0L);
            if (restored > 0) {
                Map<Long, Delivered> prefix = union.headMap(restored, true);
                prefix.forEach(merged::putIfAbsent);
                Delivered last = prefix.isEmpty() ? null : union.floorEntry(restored).getValue();
                Delta tag = restoredTags.get(replica);
                if (last == null ? tag.epoch() != 0 : last.epoch() != tag.epoch() || last.counter() != tag.counter()) {
                    problems.add(replica + " loaded a snapshot ending with " + tag + " at index " + restored +
                        " but the replicas delivered " + (last == null ? "nothing" : "<" + last.epoch() + "," +
                        last.counter() + ">") + " up to there");
                }
            }
            result.put(replica, new ArrayList<>(merged.values()));
        });
        return result;
    }

    /** The history for {@link io.replog.checker.PrimaryOrderChecker}; {@code committed} are deltas known committed. */
    public DeliveryHistory history(Collection<Delta> committed) {
        DeliveryHistory.Builder builder = new DeliveryHistory.Builder();
        deliveries().forEach((replica, list) -> list.forEach(d -> builder.deliver(replica, d.epoch(), d.counter())));
        committed.forEach(delta -> builder.commit(delta.epoch(), delta.counter()));
        return builder.build();
    }

    /** Writes the history in the JSON Lines format {@code replog check primary-order} reads. */
    public void write(Path file, Collection<Delta> committed) throws IOException {
        ObjectWriter json = new ObjectMapper().writer();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<Delivered>> replica : deliveries().entrySet()) {
                for (Delivered d : replica.getValue()) {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("type", "deliver");
                    event.put("replica", replica.getKey());
                    event.put("epoch", d.epoch());
                    event.put("counter", d.counter());
                    event.put("index", d.index());
                    out.write(json.writeValueAsString(event));
                    out.newLine();
                }
            }
            for (Delta delta : committed) {
                out.write(json.writeValueAsString(Map.of("type", "commit", "epoch", delta.epoch(), "counter", delta.counter())));
                out.newLine();
            }
        }
    }

    /** Deliveries that contradict each other (none in a correct run). */
    public synchronized List<String> conflicts() {
        List<String> all = new ArrayList<>(conflicts);
        merge(all);
        return all;
    }
}
