package io.replog.replication.raft;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Interprets one golden-script command against a {@link TestCluster} and returns its output.
 * <pre>
 * add-nodes N [pre-vote=B] [check-quorum=B] [election=T] [heartbeat=T] [inflight=N] [max-entries=N] [chunk=BYTES]
 * campaign ID            tick ID [N]          tick-heartbeat ID     tick-election ID
 * propose ID DATA        propose-many ID N    read-index ID CONTEXT transfer-leadership FROM TO
 * process-ready ID       deliver-msgs [ID]    drop-msgs [ID]        stabilize
 * partition IDS / IDS    isolate ID           heal                  crash ID
 * compact ID INDEX       status [ID]          raft-log ID           progress ID
 * log-level none|info    applied ID
 * </pre>
 * tick-election ticks a non-leader {@code 2 * election - 1} times (always past its randomized
 * timeout, and exactly one campaign) and a leader {@code election} times (one quorum check).
 */
final class GoldenDriver {
    private final TestCluster cluster = new TestCluster();
    private final StringBuilder out = new StringBuilder();
    private boolean verbose = true;

    GoldenDriver() {
        cluster.output(line -> out.append(line).append('\n'));
    }

    String run(String commandLine) {
        out.setLength(0);
        String[] args = commandLine.trim().split("\\s+");
        execute(args[0], Arrays.copyOfRange(args, 1, args.length));
        return out.length() == 0 ? "ok\n" : out.toString();
    }

    private void execute(String command, String[] args) {
        switch (command) {
            case "add-nodes" -> addNodes(args);
            case "campaign" -> {
                int id = id(args[0]);
                Role before = cluster.raft(id).role();
                long termBefore = cluster.raft(id).term();
                cluster.raft(id).campaign();
                cluster.reportRoleChange(cluster.raft(id), before, termBefore);
            }
            case "tick" -> cluster.tick(id(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 1);
            case "tick-heartbeat" -> cluster.tick(id(args[0]), cluster.raft(id(args[0])).config.heartbeatIntervalTicks());
            case "tick-election" -> {
                RaftNode raft = cluster.raft(id(args[0]));
                int timeout = raft.config.electionTimeoutTicks();
                cluster.tick(raft.id(), raft.role() == Role.LEADER ? timeout : 2 * timeout - 1);
            }
            case "propose" -> line(cluster.raft(id(args[0])).propose(args[1].getBytes(StandardCharsets.UTF_8)) ? null : "proposal dropped");
            case "propose-many" -> {
                for (int i = 1; i <= Integer.parseInt(args[1]); i++) {
                    if (!cluster.raft(id(args[0])).propose(("p" + i).getBytes(StandardCharsets.UTF_8))) {
                        line("proposal p" + i + " dropped");
                    }
                }
            }
            case "read-index" -> line(cluster.raft(id(args[0])).readIndex(Long.parseLong(args[1])) ? null : "read index refused: not leader");
            case "transfer-leadership" -> line(cluster.raft(id(args[0])).transferLeadership(id(args[1])) ? null : "transfer refused");
            case "process-ready" -> cluster.processReady(id(args[0]), verbose);
            case "deliver-msgs" -> cluster.deliver(args.length > 0 ? id(args[0]) : 0, verbose);
            case "drop-msgs" -> line("dropped " + cluster.drop(args.length > 0 ? id(args[0]) : 0) + " messages");
            case "stabilize" -> cluster.stabilize(verbose);
            case "partition" -> cluster.partition(sideOf(args));
            case "isolate" -> cluster.partition(Set.of(id(args[0])));
            case "heal" -> cluster.heal();
            case "crash" -> cluster.nodes.get(id(args[0])).crashAndRestart();
            case "compact" -> cluster.nodes.get(id(args[0])).compact(Long.parseLong(args[1]));
            case "status" -> status(args);
            case "raft-log" -> raftLog(id(args[0]));
            case "progress" -> out.append(cluster.raft(id(args[0])).progressDescription());
            case "applied" -> applied(id(args[0]));
            case "log-level" -> verbose = !args[0].equals("none");
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }

    private void addNodes(String[] args) {
        int count = Integer.parseInt(args[0]);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = i + 1;
        }
        Configuration membership = Configuration.ofVoters(ids);
        cluster.addNodes(count, id -> {
            RaftConfig config = RaftConfig.defaults(id, membership);
            for (int i = 1; i < args.length; i++) {
                String[] kv = args[i].split("=");
                config = switch (kv[0]) {
                    case "pre-vote" -> config.withElectionOptions(Boolean.parseBoolean(kv[1]), config.checkQuorum());
                    case "check-quorum" -> config.withElectionOptions(config.preVote(), Boolean.parseBoolean(kv[1]));
                    case "election" -> config.withTimeouts(Integer.parseInt(kv[1]), config.heartbeatIntervalTicks());
                    case "heartbeat" -> config.withTimeouts(config.electionTimeoutTicks(), Integer.parseInt(kv[1]));
                    case "inflight" -> config.withFlowControl(config.maxEntriesPerAppend(), config.maxBytesPerAppend(), Integer.parseInt(kv[1]), config.maxInflightBytes());
                    case "max-entries" -> config.withFlowControl(Integer.parseInt(kv[1]), config.maxBytesPerAppend(), config.maxInflightAppends(), config.maxInflightBytes());
                    case "chunk" -> config.withSnapshotChunkBytes(Integer.parseInt(kv[1]));
                    default -> throw new IllegalArgumentException("unknown add-nodes option " + kv[0]);
                };
            }
            return config;
        });
    }

    private void status(String[] args) {
        for (TestNode node : cluster.nodes.values()) {
            if (args.length == 0 || node.raft.id() == id(args[0])) {
                line(node.raft.toString());
            }
        }
    }

    private void raftLog(int id) {
        RaftNode raft = cluster.raft(id);
        if (raft.firstIndex() > 1) {
            line("snapshot " + raft.termAt(raft.firstIndex() - 1) + "/" + (raft.firstIndex() - 1));
        }
        for (long index = raft.firstIndex(); index <= raft.lastIndex(); index++) {
            line(raft.entryAt(index).toString());
        }
        if (raft.lastIndex() < raft.firstIndex()) {
            line("log is empty");
        }
    }

    private void applied(int id) {
        TestNode node = cluster.nodes.get(id);
        line("applied " + node.raft.appliedIndex() + ": " + node.applied);
        for (ReadState readState : node.readStates) {
            line(readState.toString());
        }
    }

    private Set<Integer> sideOf(String[] args) {
        Set<Integer> side = new HashSet<>();
        for (String arg : args) {
            if (arg.equals("/")) {
                break;
            }
            side.add(id(arg));
        }
        return side;
    }

    private void line(String text) {
        if (text != null) {
            out.append(text).append('\n');
        }
    }

    private static int id(String text) {
        return Integer.parseInt(text);
    }
}
