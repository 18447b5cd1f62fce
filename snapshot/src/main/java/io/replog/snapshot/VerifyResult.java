package io.replog.snapshot;

import java.util.Optional;

/**
 * The outcome of reading one snapshot file completely: every chunk CRC, the decompression, the
 * counts and the whole-file CRC. Exactly one of {@code info} and {@code damage} is present.
 */
public record VerifyResult(String fileName, SnapshotInfo info, SnapshotDamagedException damage,
    long chunksChecked) {

    public boolean valid() {
        return damage == null;
    }

    public Optional<SnapshotDamagedException> damageIfAny() {
        return Optional.ofNullable(damage);
    }
}
