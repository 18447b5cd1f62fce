package io.replog.replication.node;

import io.replog.replication.codec.RaftMessageCodec;
import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.RaftConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow control a node gives its core keeps every AppendEntries within one transport message, however small the
 * entries: found when a burst of 2,000 commands of 25 bytes made 1,024-entry messages of 46 KB for a 32 KB limit,
 * which the transport dropped as oversized, again and again (replication stopped).
 */
class AppendEntriesFitTest {
    @ParameterizedTest(name = "max message {0} bytes")
    @ValueSource(ints = {8 * 1024, 32 * 1024, 1024 * 1024, 16 * 1024 * 1024})
    void theLargestAppendEntriesTheCoreMayBuildFitsOneMessage(int maxMessageLengthBytes) {
        Configuration members = new Configuration(new TreeSet<>(Set.of(1, 2, 3)), new TreeSet<>());
        RaftConfig config = ReplogNode.raftConfig(new NodeConfig().id(1), members, maxMessageLengthBytes);
        long largest = RaftMessageCodec.FIXED_BYTES_MAX +
            (long)config.maxEntriesPerAppend() * RaftMessageCodec.ENTRY_OVERHEAD_BYTES + config.maxBytesPerAppend();
        assertTrue(largest <= maxMessageLengthBytes, config.maxEntriesPerAppend() + " entries of " +
            config.maxBytesPerAppend() + " payload bytes in all make " + largest + " bytes, over " + maxMessageLengthBytes);
        assertTrue(config.maxEntriesPerAppend() >= 100, "still batches: " + config.maxEntriesPerAppend() + " entries");
    }
}
