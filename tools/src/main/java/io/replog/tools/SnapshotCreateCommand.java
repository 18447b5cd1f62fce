package io.replog.tools;

import io.replog.replication.StateMachine;
import io.replog.replication.node.RaftStateFile;
import io.replog.snapshot.ClusterConfiguration;
import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotReader;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.SnapshotWriter;
import io.replog.wal.Entry;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.storage.FileStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code replog snapshot create DIR --state-machine CLASS}: an offline snapshot from the committed log. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Offline: replays the committed log of a stopped node into a fresh instance of the application's",
        "state machine (starting from the newest valid snapshot, if any) and writes a snapshot at the last",
        "committed index. Entries with an empty payload are Raft no-ops and are skipped. The node must be",
        "stopped: the log is opened (and recovered) as the node would open it."})
final class SnapshotCreateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "node directory (holding log/)")
    Path directory;

    @Option(names = "--state-machine", required = true, paramLabel = "CLASS",
        description = "the application's StateMachine class (public no-argument constructor), e.g. " +
            "io.replog.examples.kv.KvStateMachine")
    String stateMachineClass;

    @Option(names = "--classpath", paramLabel = "JARS", description = "jars or directories holding CLASS, separated by ':'")
    String classpath;

    @Option(names = "--to", paramLabel = "INDEX",
        description = "last index to include (default: the commit index recorded in DIR/raft-state)")
    Long to;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        Path node = NodePaths.node(commandLine, directory);
        StateMachine stateMachine = StateMachineLoader.load(commandLine, stateMachineClass, classpath);
        long committed = committedIndex(commandLine, node);
        SnapshotStore store = SnapshotStore.open(node.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY));
        WalConfig config = new WalConfig().createIfMissing(false).syncPolicy(SyncPolicy.NONE).preallocateAhead(false);
        try (WriteAheadLog log = WriteAheadLog.open(node.resolve(NodeDirectory.LOG_DIRECTORY), config)) {
            if (committed > log.lastIndex()) {
                throw new CommandLine.ParameterException(commandLine, "index " + committed + " is past the log's last " +
                    "index " + log.lastIndex());
            }
            Optional<SnapshotInfo> base = store.newestValid().filter(info -> info.lastIncludedIndex() <= committed);
            ClusterConfiguration configuration = ClusterConfiguration.EMPTY;
            long from = log.firstIndex();
            if (base.isPresent()) {
                try (SnapshotReader reader = store.open(base.get().fileName())) {
                    stateMachine.restore(reader);
                    reader.finish();
                }
                configuration = base.get().header().configuration();
                from = base.get().lastIncludedIndex() + 1;
            }
            if (from < log.firstIndex() || (base.isEmpty() && log.firstIndex() != 1)) {
                throw new CommandLine.ParameterException(commandLine, "cannot rebuild the state: the log starts at index " +
                    log.firstIndex() + " and no valid snapshot covers index " + (log.firstIndex() - 1));
            }
            long replayed = replay(log, stateMachine, from, committed);
            long term = committed == from - 1 && base.isPresent() ? base.get().lastIncludedTerm() : log.termAt(committed);
            SnapshotWriter writer = store.begin(committed, term, configuration, new byte[0]);
            SnapshotInfo info;
            try {
                stateMachine.snapshot().writeTo(writer);
                info = writer.commit();
            } finally {
                writer.close();
            }
            report(info, from, replayed);
        }
        return Replog.OK;
    }

    private long committedIndex(CommandLine commandLine, Path node) throws IOException {
        if (to != null) {
            if (to < 1) {
                throw new CommandLine.ParameterException(commandLine, "--to must be at least 1");
            }
            return to;
        }
        RaftStateFile.State state = RaftStateFile.read(new FileStorage(node));
        if (state.commitIndexHint() < 1) {
            throw new CommandLine.ParameterException(commandLine, "cannot tell which entries are committed: " + node +
                " has no " + RaftStateFile.NAME + " with a commit index; pass --to INDEX (only indexes known committed)");
        }
        return state.commitIndexHint();
    }

    private long replay(WriteAheadLog log, StateMachine stateMachine, long from, long to) throws IOException {
        Entry entry = new Entry();
        ProgressBar progress = ProgressBar.onTerminal(spec.commandLine().getErr(), "replaying", to - from + 1);
        long applied = 0;
        for (long index = from; index <= to; index++) {
            log.read(index, entry);
            if (entry.payloadLength() > 0) {
                stateMachine.apply(index, entry.buffer(), entry.payloadOffset(), entry.payloadLength());
                applied++;
            }
            progress.update(index - from + 1);
        }
        progress.done();
        return applied;
    }

    private void report(SnapshotInfo info, long from, long replayed) {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("file", info.fileName());
        document.put("lastIncludedIndex", info.lastIncludedIndex());
        document.put("lastIncludedTerm", info.lastIncludedTerm());
        document.put("replayedFrom", from);
        document.put("entriesApplied", replayed);
        document.put("uncompressedBytes", info.uncompressedLengthBytes());
        document.put("fileBytes", info.fileLengthBytes());
        if (json) {
            Json.print(out, document);
        } else {
            out.printf("created %s: index %d, term %d, %d entries applied from index %d, %s (%s compressed)%n",
                info.fileName(), info.lastIncludedIndex(), info.lastIncludedTerm(), replayed, from,
                Bytes.human(info.uncompressedLengthBytes()), Bytes.human(info.fileLengthBytes()));
            out.flush();
        }
    }
}
