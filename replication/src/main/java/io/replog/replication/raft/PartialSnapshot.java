package io.replog.replication.raft;

/**
 * A snapshot a follower was receiving when it stopped: the first {@code durableBytes} bytes of
 * {@code snapshot} are on its disk. The core resumes the transfer there instead of at byte 0.
 */
public record PartialSnapshot(Snapshot snapshot, long durableBytes) {
    public PartialSnapshot {
        if (durableBytes < 0 || durableBytes > snapshot.lengthBytes()) {
            throw new IllegalArgumentException("partial " + snapshot + " claims " + durableBytes + " durable bytes");
        }
    }
}
