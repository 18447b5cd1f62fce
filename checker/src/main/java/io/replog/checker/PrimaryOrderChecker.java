package io.replog.checker;

import io.replog.checker.DeliveryHistory.Delivery;
import io.replog.checker.PrimaryOrderViolation.Rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks primary order on what the replicas of a primary-backup service delivered (Junqueira, Reed
 * and Serafini, "Zab: High-performance broadcast for primary-backup systems", DSN 2011). Deltas are
 * tagged {@code <epoch, counter>}; counters start at 1 in every epoch (Zab keeps counter 0 for the
 * epoch's NEWLEADER proposal, which carries no delta). The rules, one method each:
 * <ol>
 *   <li>within an epoch, a replica delivers counters 1, 2, 3, ... without gaps or repeats;</li>
 *   <li>the epochs a replica delivers never go back;</li>
 *   <li>before delivering the first delta of epoch e, a replica has delivered every committed delta of
 *       an older epoch (so a new primary delivers the committed deltas of its predecessors first);</li>
 *   <li>of any two replicas, one's delivered sequence is a prefix of the other's;</li>
 *   <li>no committed delta is missing from the longest delivered sequence at the end.</li>
 * </ol>
 * The checker is offline: it sees the whole history, including commits learnt only at the end.
 */
public final class PrimaryOrderChecker {

    public List<PrimaryOrderViolation> check(DeliveryHistory history) {
        List<PrimaryOrderViolation> violations = new ArrayList<>();
        history.deliveries().forEach((replica, delivered) -> {
            checkContiguousCounters(replica, delivered, violations);
            checkEpochsNeverGoBack(replica, delivered, violations);
            checkCommittedBeforeNewerEpoch(replica, delivered, history.committed().keySet(), violations);
        });
        checkPrefixes(history, violations);
        checkCommittedDelivered(history, violations);
        return violations;
    }

    private static void checkContiguousCounters(String replica, List<Delivery> delivered,
                                                List<PrimaryOrderViolation> violations) {
        Map<Long, Delivery> lastOfEpoch = new HashMap<>();
        for (int i = 0; i < delivered.size(); i++) {
            Delivery delivery = delivered.get(i);
            Delta delta = delivery.delta();
            Delivery last = lastOfEpoch.get(delta.epoch());
            long expected = last == null ? 1 : last.delta().counter() + 1;
            if (delta.counter() != expected) {
                String what = last == null
                    ? "as its first delta of epoch " + delta.epoch() + ", but counters start at 1 in every epoch"
                    : delta.counter() > expected
                        ? "right after " + last.describe() + ": " + gap(delta.epoch(), expected, delta.counter() - 1)
                            + " skipped"
                        : "after " + last.describe() + ": the counter goes back or repeats";
                List<Delta> involved = last == null ? List.of(delta) : List.of(last.delta(), delta);
                violations.add(new PrimaryOrderViolation(Rule.CONTIGUOUS_COUNTERS, replica, i + 1, involved,
                    "replica " + replica + " delivered " + delivery.describe() + " at position " + (i + 1) + " " + what));
            }
            lastOfEpoch.put(delta.epoch(), delivery);
        }
    }

    private static String gap(long epoch, long firstMissing, long lastMissing) {
        Delta first = new Delta(epoch, firstMissing);
        return firstMissing == lastMissing ? first + " was" : first + ".." + new Delta(epoch, lastMissing) + " were";
    }

    private static void checkEpochsNeverGoBack(String replica, List<Delivery> delivered,
                                               List<PrimaryOrderViolation> violations) {
        Delivery newest = null;
        for (int i = 0; i < delivered.size(); i++) {
            Delivery delivery = delivered.get(i);
            if (newest != null && delivery.delta().epoch() < newest.delta().epoch()) {
                violations.add(new PrimaryOrderViolation(Rule.EPOCHS_NEVER_GO_BACK, replica, i + 1,
                    List.of(newest.delta(), delivery.delta()), "replica " + replica + " delivered "
                    + delivery.describe() + " at position " + (i + 1) + " after " + newest.describe()
                    + " of the newer epoch " + newest.delta().epoch() + "; epochs never go back"));
            }
            if (newest == null || delivery.delta().epoch() > newest.delta().epoch()) {
                newest = delivery;
            }
        }
    }

    private static void checkCommittedBeforeNewerEpoch(String replica, List<Delivery> delivered, Set<Delta> committed,
                                                       List<PrimaryOrderViolation> violations) {
        Set<Delta> deliveredSoFar = new HashSet<>();
        Set<Long> epochsStarted = new HashSet<>();
        for (int i = 0; i < delivered.size(); i++) {
            Delivery delivery = delivered.get(i);
            long epoch = delivery.delta().epoch();
            if (epochsStarted.add(epoch)) {
                TreeSet<Delta> missing = new TreeSet<>();
                for (Delta delta : committed) {
                    if (delta.epoch() < epoch && !deliveredSoFar.contains(delta)) {
                        missing.add(delta);
                    }
                }
                if (!missing.isEmpty()) {
                    List<Delta> involved = new ArrayList<>(missing);
                    involved.add(0, delivery.delta());
                    violations.add(new PrimaryOrderViolation(Rule.COMMITTED_BEFORE_NEWER_EPOCH, replica, i + 1,
                        involved, "replica " + replica + " delivered " + delivery.describe() + " at position " + (i + 1)
                        + ", its first delta of epoch " + epoch + ", before the committed " + list(missing)
                        + " of older epochs; a new primary's deltas come after every committed delta before it"));
                }
            }
            deliveredSoFar.add(delivery.delta());
        }
    }

    private static void checkPrefixes(DeliveryHistory history, List<PrimaryOrderViolation> violations) {
        List<String> replicas = new ArrayList<>(history.deliveries().keySet());
        for (int a = 0; a < replicas.size(); a++) {
            for (int b = a + 1; b < replicas.size(); b++) {
                List<Delivery> first = history.deliveries().get(replicas.get(a));
                List<Delivery> second = history.deliveries().get(replicas.get(b));
                int common = Math.min(first.size(), second.size());
                for (int i = 0; i < common; i++) {
                    Delivery x = first.get(i);
                    Delivery y = second.get(i);
                    if (!x.delta().equals(y.delta())) {
                        violations.add(new PrimaryOrderViolation(Rule.PREFIX, replicas.get(a), i + 1,
                            List.of(x.delta(), y.delta()), "replicas " + replicas.get(a) + " and " + replicas.get(b)
                            + " diverge at position " + (i + 1) + ": " + replicas.get(a) + " delivered " + x.describe()
                            + ", " + replicas.get(b) + " delivered " + y.describe()
                            + "; one replica's sequence must be a prefix of the other's"));
                        break;
                    }
                }
            }
        }
    }

    private static void checkCommittedDelivered(DeliveryHistory history, List<PrimaryOrderViolation> violations) {
        String longestReplica = null;
        List<Delivery> longest = List.of();
        for (Map.Entry<String, List<Delivery>> entry : history.deliveries().entrySet()) {
            if (entry.getValue().size() > longest.size()) {
                longestReplica = entry.getKey();
                longest = entry.getValue();
            }
        }
        Set<Delta> delivered = new HashSet<>();
        longest.forEach(d -> delivered.add(d.delta()));
        String where = longestReplica == null ? "no replica delivered anything"
            : "the longest delivered sequence is replica " + longestReplica + "'s, " + longest.size() + " deltas";
        for (Map.Entry<Delta, Long> commit : new java.util.TreeMap<>(history.committed()).entrySet()) {
            if (!delivered.contains(commit.getKey())) {
                violations.add(new PrimaryOrderViolation(Rule.COMMITTED_DELIVERED,
                    longestReplica == null ? "" : longestReplica, 0, List.of(commit.getKey()),
                    "committed delta " + commit.getKey() + (commit.getValue() == 0 ? "" : " (line " + commit.getValue() + ")")
                    + " is missing from the longest delivered sequence (" + where + "): an acknowledged delta was lost"));
            }
        }
    }

    private static String list(TreeSet<Delta> deltas) {
        StringBuilder text = new StringBuilder(deltas.size() == 1 ? "delta " : "deltas ");
        int shown = 0;
        for (Delta delta : deltas) {
            if (shown == 5) {
                text.append(", ... (").append(deltas.size()).append(" in all)");
                break;
            }
            text.append(shown == 0 ? "" : ", ").append(delta);
            shown++;
        }
        return text.toString();
    }
}
