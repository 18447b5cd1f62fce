package io.replog.replication.node;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Followers keep received entries in their {@link EntryArena} until persisted: a cluster replicating far more
 * bytes than the arena holds applies everything intact, and the arena's space comes back (few entries fall back
 * to arrays of their own).
 */
class FollowerArenaTest {
    private static final int ENTRIES = 1500;
    private static final int PADDING_BYTES = 1000;

    @TempDir
    Path directory;
    private LocalCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSmallArenaIsReusedAndReplicatesEveryEntryIntact() throws Exception {
        cluster = new LocalCluster(directory, 3, config -> config.entryArenaBytes(64 * 1024));
        cluster.startAll();
        List<LocalCluster.Acked> acked = cluster.append("arena", ENTRIES, PADDING_BYTES);
        cluster.checkAcknowledged(acked);
        int leaderId = cluster.awaitLeader().id();
        for (int id : cluster.members()) {
            if (id == leaderId) {
                continue;
            }
            long fallbacks = cluster.node(id).counters().arenaFallbacks();
            assertTrue(fallbacks < ENTRIES / 2, "follower " + id + " copied " + fallbacks + " of " + ENTRIES +
                " entries (" + ENTRIES * (long)PADDING_BYTES / 1024 + " KiB through a 64 KiB arena) into arrays: its arena " +
                "does not get its space back");
        }
    }

    @Test
    void withoutAnArenaEveryEntryGetsAnArray() throws Exception {
        cluster = new LocalCluster(directory, 3, config -> config.entryArenaBytes(0));
        cluster.startAll();
        List<LocalCluster.Acked> acked = cluster.append("heap", 200, PADDING_BYTES);
        cluster.checkAcknowledged(acked);
        int leaderId = cluster.awaitLeader().id();
        long fallbacks = 0;
        for (int id : cluster.members()) {
            fallbacks += id == leaderId ? 0 : cluster.node(id).counters().arenaFallbacks();
        }
        assertTrue(fallbacks >= 200, "two followers received at least 200 entries each, all into arrays, but counted " +
            fallbacks);
    }
}
