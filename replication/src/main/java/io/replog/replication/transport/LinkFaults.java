package io.replog.replication.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults injected between in-process nodes, shared by every node's {@link FaultInjectingTransport}:
 * directed links that lose every message, and nodes whose duty cycle is stalled. Thread-safe.
 */
public final class LinkFaults {
    private final Set<Long> cutLinks = ConcurrentHashMap.newKeySet();
    private final Set<Integer> stalled = ConcurrentHashMap.newKeySet();

    public boolean connected(int from, int to) {
        return cutLinks.isEmpty() || !cutLinks.contains(link(from, to)); // no boxing per message while nothing is cut
    }

    public boolean stalled(int id) {
        return stalled.contains(id);
    }

    /** Cuts every link between {@code side} and the other members, both ways. */
    public void partition(Set<Integer> side, Set<Integer> members) {
        for (int a : members) {
            for (int b : members) {
                if (side.contains(a) != side.contains(b)) {
                    cutLinks.add(link(a, b));
                }
            }
        }
    }

    public void isolate(int id, Set<Integer> members) {
        partition(Set.of(id), members);
    }

    /** The node's thread stops in its next poll, as in a long GC pause, until {@link #resume}. */
    public void stall(int id) {
        stalled.add(id);
    }

    public void resume(int id) {
        stalled.remove(id);
    }

    public void heal() {
        cutLinks.clear();
        stalled.clear();
    }

    private static long link(int from, int to) {
        return ((long)from << 32) | (to & 0xFFFF_FFFFL);
    }
}
