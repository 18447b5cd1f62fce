package io.replog.replication.codec;

import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.MessageType;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotMeta;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RaftMessageCodecTest {
    private final RaftMessageCodec codec = new RaftMessageCodec();

    private static Message randomMessage(Random random) {
        MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
        List<LogEntry> entries = new ArrayList<>();
        if (type == MessageType.APPEND) {
            long index = 1 + random.nextInt(1000);
            for (int i = random.nextInt(20); i > 0; i--) {
                byte[] data = new byte[random.nextInt(300)];
                random.nextBytes(data);
                entries.add(new LogEntry(index++, 1 + random.nextInt(5), data));
            }
        }
        Snapshot snapshot = null;
        byte[] chunk = null;
        long chunkOffsetBytes = random.nextInt(1 << 20);
        if (type == MessageType.INSTALL_SNAPSHOT) {
            chunk = new byte[random.nextInt(5000)];
            random.nextBytes(chunk);
            snapshot = new Snapshot(new SnapshotMeta(random.nextInt(10_000), 1 + random.nextInt(9),
                new Configuration(Set.of(1, 2, 3), random.nextBoolean() ? Set.of() : Set.of(4))),
                chunkOffsetBytes + chunk.length + random.nextInt(1 << 20), random.nextLong());
        }
        return new Message(type, 1 + random.nextInt(5), 1 + random.nextInt(5), random.nextInt(100),
            random.nextInt(100), random.nextInt(100_000), entries.isEmpty() ? List.of() : entries,
            random.nextInt(100_000), random.nextBoolean(), random.nextInt(1000), random.nextLong(), snapshot,
            chunkOffsetBytes, chunk, random.nextBoolean());
    }

    private static void assertSameMessage(Message expected, Message actual, String context) {
        assertEquals(expected.type(), actual.type(), context);
        assertEquals(expected.toString(), actual.toString(), context);
        assertEquals(expected.reject(), actual.reject(), context);
        assertEquals(expected.rejectHint(), actual.rejectHint(), context);
        assertEquals(expected.context(), actual.context(), context);
        assertEquals(expected.commitIndex(), actual.commitIndex(), context);
        assertEquals(expected.chunkOffsetBytes(), actual.chunkOffsetBytes(), context);
        assertEquals(expected.lastChunk(), actual.lastChunk(), context);
        assertEquals(expected.snapshot(), actual.snapshot(), context);
        assertEquals(expected.entries().size(), actual.entries().size(), context);
        for (int i = 0; i < expected.entries().size(); i++) {
            assertEquals(expected.entries().get(i).index(), actual.entries().get(i).index(), context);
            assertEquals(expected.entries().get(i).term(), actual.entries().get(i).term(), context);
            assertArrayEquals(expected.entries().get(i).data(), actual.entries().get(i).data(), context);
        }
        if (expected.chunk() == null) {
            assertNull(actual.chunk(), context);
        } else {
            assertArrayEquals(expected.chunk(), actual.chunk(), context);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 99, 2026})
    void everyMessageSurvivesTheRoundTrip(long seed) {
        Random random = new Random(seed);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
        for (int i = 0; i < 500; i++) {
            Message message = randomMessage(random);
            int offset = random.nextInt(64);
            int length = codec.encode(message, buffer, offset);
            assertEquals(RaftMessageCodec.encodedLength(message), length, "seed " + seed + " " + message);
            assertSameMessage(message, codec.decode(buffer, offset, length), "seed " + seed + " message " + i);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void truncatedOrDamagedFramesAreMalformedNeverAnotherException(long seed) {
        Random random = new Random(seed);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
        for (int i = 0; i < 40; i++) {
            Message message = randomMessage(random);
            int length = codec.encode(message, buffer, 0);
            for (int cut = 0; cut < length; cut += 1 + random.nextInt(7)) {
                int truncated = cut;
                assertThrows(RaftMessageCodec.MalformedMessageException.class,
                    () -> codec.decode(buffer, 0, truncated), "seed " + seed + " cut at " + cut + " of " + message);
            }
            byte[] damaged = Arrays.copyOf(buffer.byteArray(), length);
            for (int flip = 0; flip < 50; flip++) {
                damaged[random.nextInt(length)] ^= (byte)(1 << random.nextInt(8));
                try {
                    codec.decode(new UnsafeBuffer(damaged), 0, length);
                } catch (RaftMessageCodec.MalformedMessageException expected) {
                    // A damaged frame may still decode to some message; it must never throw anything else.
                }
            }
        }
    }

    @ParameterizedTest(name = "schema field {0}")
    @ValueSource(ints = {0, 2, 4, 6})
    void aFrameOfAnotherSchemaOrVersionIsRejectedWithAReason(int headerFieldOffset) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        Message message = randomMessage(new Random(headerFieldOffset));
        int length = codec.encode(message, buffer, 0);
        buffer.putShort(headerFieldOffset, (short)(buffer.getShort(headerFieldOffset) + 1));
        RaftMessageCodec.MalformedMessageException rejected = assertThrows(
            RaftMessageCodec.MalformedMessageException.class, () -> codec.decode(buffer, 0, length));
        assertEquals(true, rejected.getMessage().contains("not a replog Raft message") ||
            rejected.getMessage().contains("unsupported Raft message version"), rejected.getMessage());
    }
}
