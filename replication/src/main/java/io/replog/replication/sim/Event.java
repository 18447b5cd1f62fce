package io.replog.replication.sim;

import io.replog.replication.raft.Message;

/** One scheduled happening of the simulation, ordered by time, then by scheduling order. */
final class Event implements Comparable<Event> {
    enum Kind { TICK, DELIVER, PERSISTED, PROPOSE, FAULT, RESTART, HEAL_LINKS, TOGGLE_LINK, FREE_DISK }

    final long timeMs;
    final long sequence;
    final Kind kind;
    final int nodeId;
    /** Node incarnation the event belongs to: events of a crashed incarnation are void. */
    final int incarnation;
    final Message message;
    /** TOGGLE_LINK: the other end of the link. */
    final int peerId;

    Event(long timeMs, long sequence, Kind kind, int nodeId, int incarnation, Message message, int peerId) {
        this.timeMs = timeMs;
        this.sequence = sequence;
        this.kind = kind;
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.message = message;
        this.peerId = peerId;
    }

    @Override
    public int compareTo(Event other) {
        int byTime = Long.compare(timeMs, other.timeMs);
        return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }

    /** Folds this event into a running trace hash (FNV-1a over its fields). */
    long hashInto(long hash) {
        hash = mix(hash, timeMs);
        hash = mix(hash, kind.ordinal());
        hash = mix(hash, nodeId);
        hash = mix(hash, peerId);
        if (message != null) {
            hash = mix(hash, message.type().ordinal());
            hash = mix(hash, message.from());
            hash = mix(hash, message.to());
            hash = mix(hash, message.term());
            hash = mix(hash, message.index());
            hash = mix(hash, message.logTerm());
            hash = mix(hash, message.commitIndex());
            hash = mix(hash, message.entries().size());
            hash = mix(hash, message.reject() ? 1 : 0);
        }
        return hash;
    }

    static long mix(long hash, long value) {
        return (hash ^ value) * 0x100000001B3L;
    }

    @Override
    public String toString() {
        String at = "t=" + timeMs + "ms ";
        return switch (kind) {
            case DELIVER -> at + "deliver " + message;
            case TICK -> at + "tick " + nodeId;
            case PERSISTED -> at + "persisted " + nodeId;
            case PROPOSE -> at + "client proposes";
            case FAULT -> at + "fault";
            case RESTART -> at + "restart " + nodeId;
            case HEAL_LINKS -> at + "heal links";
            case TOGGLE_LINK -> at + "toggle link " + nodeId + "<->" + peerId;
            case FREE_DISK -> at + "disk space back on " + nodeId;
        };
    }
}
