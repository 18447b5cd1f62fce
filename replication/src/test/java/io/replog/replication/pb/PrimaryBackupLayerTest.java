package io.replog.replication.pb;

import io.replog.replication.StateMachine;
import io.replog.replication.node.CommitResult;
import io.replog.replication.node.NodeContext;
import io.replog.replication.node.NotLeaderException;
import io.replog.replication.raft.Role;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer's rules, driven by hand through a scripted node: no threads, no network. */
class PrimaryBackupLayerTest {
    /**
     * A list whose deltas are "(position, value)": applying one anywhere but at the end throws, so a
     * delta applied twice, skipped or out of order cannot go unnoticed.
     */
    static final class ListService implements PrimaryBackupService {
        final List<String> items = new ArrayList<>();
        final List<List<String>> rollbacks = new ArrayList<>();
        boolean undoInsteadOfReload;

        @Override
        public Execution execute(DirectBuffer request, int offset, int length) {
            String value = request.getStringWithoutLengthUtf8(offset, length);
            if (value.startsWith("read")) {
                return Execution.readOnly(String.valueOf(items.size()).getBytes(StandardCharsets.UTF_8));
            }
            String delta = items.size() + ":" + value;
            return new Execution(delta.getBytes(StandardCharsets.UTF_8), ("at " + items.size()).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void apply(DirectBuffer delta, int offset, int length) {
            String text = delta.getStringWithoutLengthUtf8(offset, length);
            int colon = text.indexOf(':');
            int position = Integer.parseInt(text.substring(0, colon));
            if (position != items.size()) {
                throw new IllegalStateException("delta for position " + position + " applied at " + items.size());
            }
            items.add(text.substring(colon + 1));
        }

        @Override
        public void reset() {
            items.clear();
        }

        @Override
        public StateMachine.SnapshotView snapshot() {
            List<String> copy = List.copyOf(items);
            return out -> {
                DataOutputStream data = new DataOutputStream(out);
                data.writeInt(copy.size());
                for (String item : copy) {
                    data.writeUTF(item);
                }
                data.flush();
            };
        }

        @Override
        public void restore(InputStream snapshot) throws IOException {
            DataInputStream data = new DataInputStream(snapshot);
            items.clear();
            for (int i = data.readInt(); i > 0; i--) {
                items.add(data.readUTF());
            }
        }

        @Override
        public void rollback(List<byte[]> discarded, Reload reload) throws IOException {
            List<String> names = new ArrayList<>();
            discarded.forEach(delta -> names.add(new String(delta, StandardCharsets.UTF_8)));
            rollbacks.add(names);
            if (undoInsteadOfReload) {
                for (int i = 0; i < discarded.size(); i++) {
                    items.remove(items.size() - 1);
                }
            } else {
                reload.run();
            }
        }
    }

    /** A node under the test's control: it proposes into a list and commits when told. */
    static final class ScriptedNode implements NodeContext {
        final List<byte[]> log = new ArrayList<>();
        final List<CompletableFuture<CommitResult>> proposals = new ArrayList<>();
        final List<CompletableFuture<Long>> reads = new ArrayList<>();
        Role role = Role.FOLLOWER;
        long term = 1;
        long applied;
        long termStartIndex;

        @Override
        public int nodeId() {
            return 1;
        }

        @Override
        public Role role() {
            return role;
        }

        @Override
        public long term() {
            return term;
        }

        @Override
        public long commitIndex() {
            return applied;
        }

        @Override
        public long appliedIndex() {
            return applied;
        }

        @Override
        public boolean leaderReady() {
            return role == Role.LEADER && applied >= termStartIndex;
        }

        @Override
        public long propose(byte[] entry, CompletableFuture<CommitResult> result) {
            if (role != Role.LEADER) {
                return 0;
            }
            log.add(entry);
            proposals.add(result);
            return log.size();
        }

        @Override
        public boolean readIndex(CompletableFuture<Long> result) {
            if (role != Role.LEADER) {
                return false;
            }
            reads.add(result);
            return true;
        }

        @Override
        public NotLeaderException notLeader() {
            return new NotLeaderException(1, 2, "127.0.0.1:9002");
        }

        @Override
        public long replayCommitted(StateMachine target) {
            for (int index = 1; index <= applied; index++) {
                byte[] entry = log.get(index - 1);
                target.apply(index, new UnsafeBuffer(entry), 0, entry.length);
            }
            return 0;
        }

        /** Commits and applies entries up to {@code index}, as the node would. */
        void commit(PrimaryBackupLayer layer, long index) {
            while (applied < index) {
                applied++;
                byte[] entry = log.get((int)applied - 1);
                layer.apply(applied, new UnsafeBuffer(entry), 0, entry.length);
                if (applied - 1 < proposals.size() && proposals.get((int)applied - 1) != null) {
                    proposals.get((int)applied - 1).complete(new CommitResult(applied, new byte[0]));
                }
            }
        }

        /** An entry that another primary wrote at the end of this node's log. */
        void receive(long epoch, long counter, String delta) {
            byte[] bytes = delta.getBytes(StandardCharsets.UTF_8);
            byte[] entry = new byte[DeltaDescriptor.HEADER_LENGTH + bytes.length];
            DeltaDescriptor.write(new UnsafeBuffer(entry), epoch, counter, new UnsafeBuffer(bytes), 0, bytes.length);
            log.add(entry);
            proposals.add(null);
        }

        void truncateAfter(long index) {
            while (log.size() > index) {
                CompletableFuture<CommitResult> lost = proposals.remove(log.size() - 1);
                log.remove(log.size() - 1);
                if (lost != null) {
                    lost.completeExceptionally(new io.replog.replication.node.NotCommittedException("replaced"));
                }
            }
        }
    }

    private final ListService service = new ListService();
    private final ScriptedNode node = new ScriptedNode();
    private final PrimaryBackupLayer layer = new PrimaryBackupLayer(service, 64, 64);

    private CompletableFuture<byte[]> submit(String request) {
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        assertTrue(layer.offer(new PrimaryBackupLayer.Submission(request.getBytes(StandardCharsets.UTF_8), response)));
        return response;
    }

    private void becomeLeader(long term) {
        node.role = Role.LEADER;
        node.term = term;
        layer.onRoleChange(node, Role.LEADER, term);
    }

    private static String text(CompletableFuture<byte[]> response) throws Exception {
        return new String(response.get(), StandardCharsets.UTF_8);
    }

    @Test
    void thePrimaryAppliesItsDeltasAtOnceTagsThemWithItsEpochAndAnswersOnlyOnCommit() throws Exception {
        becomeLeader(3);
        CompletableFuture<byte[]> a = submit("a");
        CompletableFuture<byte[]> b = submit("b");
        assertEquals(2, layer.doWork(node));
        assertEquals(List.of("a", "b"), service.items, "applied speculatively, in generation order");
        assertEquals(2, node.log.size());
        UnsafeBuffer first = new UnsafeBuffer(node.log.get(0));
        assertEquals(3, DeltaDescriptor.epoch(first, 0));
        assertEquals(1, DeltaDescriptor.counter(first, 0));
        assertEquals(2, DeltaDescriptor.counter(new UnsafeBuffer(node.log.get(1)), 0));
        assertFalse(a.isDone(), "no answer before the delta commits");

        node.commit(layer, 2);
        assertEquals("at 0", text(a));
        assertEquals("at 1", text(b));
        assertEquals(List.of("a", "b"), service.items, "committing its own deltas applies nothing twice");
    }

    @Test
    void aPrimaryThatLosesLeadershipRollsBackToTheCommittedPrefixBeforeApplyingTheNewPrimarysDeltas() {
        becomeLeader(2);
        submit("a");
        submit("b");
        submit("c");
        layer.doWork(node);
        node.commit(layer, 1);
        assertEquals(List.of("a", "b", "c"), service.items);

        node.role = Role.FOLLOWER;
        node.term = 3;
        layer.onRoleChange(node, Role.FOLLOWER, 3);
        assertEquals(List.of("a"), service.items, "only the committed prefix survives");
        assertEquals(List.of(List.of("2:c", "1:b")), service.rollbacks, "discarded deltas, newest first");

        node.truncateAfter(1);
        node.receive(3, 1, "1:x");
        node.commit(layer, 2);
        assertEquals(List.of("a", "x"), service.items);
    }

    @Test
    void deltasOfAnOldPrimaryThatStillCommitAreAppliedOnceAfterTheRollback() {
        becomeLeader(2);
        submit("a");
        submit("b");
        layer.doWork(node);
        node.role = Role.FOLLOWER;
        node.term = 3;
        layer.onRoleChange(node, Role.FOLLOWER, 3);
        assertEquals(List.of(), service.items);

        node.commit(layer, 2);
        assertEquals(List.of("a", "b"), service.items, "the new primary kept them: applied again, in order, once");
    }

    @Test
    void anApplicationMayUndoItsDeltasInsteadOfReloading() {
        service.undoInsteadOfReload = true;
        becomeLeader(2);
        submit("a");
        submit("b");
        layer.doWork(node);
        node.commit(layer, 1);
        node.role = Role.CANDIDATE;
        node.term = 3;
        layer.onRoleChange(node, Role.CANDIDATE, 3);
        assertEquals(List.of("a"), service.items);
    }

    @Test
    void aDeltaOutOfPrimaryOrderStopsTheReplicaInsteadOfBeingApplied() {
        node.receive(2, 1, "0:a");
        node.receive(2, 3, "1:c");
        node.commit(layer, 1);
        IllegalStateException gap = assertThrows(IllegalStateException.class, () -> node.commit(layer, 2));
        assertTrue(gap.getMessage().contains("primary order violated at index 2"), gap.getMessage());
        assertEquals(List.of("a"), service.items, "the out-of-order delta was not applied");
    }

    @Test
    void epochsNeverGoBackAndANewEpochStartsAtCounterOne() {
        ScriptedNode older = new ScriptedNode();
        older.receive(5, 1, "0:a");
        older.receive(4, 2, "1:b");
        older.commit(layer, 1);
        assertThrows(IllegalStateException.class, () -> older.commit(layer, 2));

        PrimaryBackupLayer fresh = new PrimaryBackupLayer(new ListService(), 8, 8);
        ScriptedNode skipped = new ScriptedNode();
        skipped.receive(1, 1, "0:a");
        skipped.receive(2, 2, "1:b");
        skipped.commit(fresh, 1);
        assertThrows(IllegalStateException.class, () -> skipped.commit(fresh, 2), "epoch 2 must start at counter 1");
    }

    @Test
    void anEntryThatIsNotADeltaIsRefusedWithItsIndex() {
        node.log.add("not a delta".getBytes(StandardCharsets.UTF_8));
        node.proposals.add(null);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> node.commit(layer, 1));
        assertTrue(refused.getMessage().contains("index 1"), refused.getMessage());
    }

    @Test
    void aNewPrimaryGeneratesNothingUntilItHasAppliedEveryOlderCommittedDelta() {
        node.receive(1, 1, "0:a");
        node.termStartIndex = 2;
        becomeLeader(2);
        CompletableFuture<byte[]> b = submit("b");
        assertEquals(0, layer.doWork(node));
        assertTrue(node.log.size() == 1 && !b.isDone(), "held until the new term's first entry is applied");

        node.log.add(new byte[0]);
        node.proposals.add(null);
        node.applied = 0;
        node.commit(layer, 1);
        node.applied = 2;
        layer.doWork(node);
        assertEquals(List.of("a", "b"), service.items, "B is generated on top of A");
    }

    @Test
    void aBackupRefusesRequestsNamingTheLeader() {
        CompletableFuture<byte[]> refused = submit("a");
        layer.doWork(node);
        ExecutionException failure = assertThrows(ExecutionException.class, refused::get);
        assertInstanceOf(NotLeaderException.class, failure.getCause());
        assertTrue(service.items.isEmpty());
    }

    @Test
    void aReadIsAnsweredOnlyAfterLeadershipIsConfirmedAndTheStateItSawIsCommitted() throws Exception {
        becomeLeader(2);
        submit("a");
        layer.doWork(node);
        CompletableFuture<byte[]> read = submit("read");
        layer.doWork(node);
        layer.doWork(node);
        assertFalse(read.isDone());
        assertEquals(1, node.reads.size(), "one ReadIndex round for the read");
        assertEquals(1, node.log.size(), "a read writes nothing to the log");

        node.reads.get(0).complete(0L);
        layer.doWork(node);
        assertFalse(read.isDone(), "the read saw the speculative 'a', which is not committed yet");
        node.commit(layer, 1);
        layer.doWork(node);
        assertEquals("1", text(read));
    }

    @Test
    void aReadWaitingOnAPrimaryThatLosesLeadershipFails() {
        becomeLeader(2);
        submit("a");
        layer.doWork(node);
        CompletableFuture<byte[]> read = submit("read");
        layer.doWork(node);
        node.role = Role.FOLLOWER;
        node.term = 3;
        layer.onRoleChange(node, Role.FOLLOWER, 3);
        assertTrue(read.isCompletedExceptionally());
    }

    @Test
    void noSnapshotWhileSpeculativeDeltasAreAppliedAndNewRequestsWaitForOne() throws Exception {
        becomeLeader(2);
        submit("a");
        layer.doWork(node);
        assertNull(layer.snapshot(), "the state is ahead of the committed log");
        submit("b");
        assertEquals(0, layer.doWork(node), "held so that the snapshot can be taken");
        node.commit(layer, 1);
        StateMachine.SnapshotView view = layer.snapshot();
        assertNotNull(view);
        layer.doWork(node);
        assertEquals(2, node.log.size(), "requests flow again once the snapshot is taken");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        view.writeTo(bytes);
        ListService restored = new ListService();
        PrimaryBackupLayer replica = new PrimaryBackupLayer(restored, 8, 8);
        replica.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(List.of("a"), restored.items);
        ScriptedNode follower = new ScriptedNode();
        follower.log.add(node.log.get(0));
        follower.proposals.add(null);
        follower.applied = 1;
        follower.log.add(node.log.get(1));
        follower.proposals.add(null);
        follower.commit(replica, 2);
        assertEquals(List.of("a", "b"), restored.items, "the snapshot carries (epoch, counter): delivery goes on in order");
        assertArrayEquals(node.log.get(1), follower.log.get(1));
    }
}
