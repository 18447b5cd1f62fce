package io.replog.tools;

import io.replog.checker.Budget;
import io.replog.checker.History;
import io.replog.checker.HistoryFormatException;
import io.replog.checker.HistoryReader;
import io.replog.checker.LinearizabilityChecker;
import io.replog.checker.LinearizabilityResult;
import io.replog.checker.Models;
import io.replog.checker.Verdict;
import io.replog.examples.kv.KvStateMachine;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * State machine replication: the key-value store applies the clients' commands on every node. The
 * check reads every node's state back (no acknowledged append lost, none applied twice, states
 * identical) and runs the linearizability checker on the clients' history.
 */
final class SmrDemo implements DemoMode {
    static final String HISTORY_FILE = "history.jsonl";

    private final Map<Integer, KvStateMachine> machines = new TreeMap<>();
    private final long operations;
    private final Duration checkTimeout;
    private HistoryLog history;
    private DemoLoad load;

    SmrDemo(long operations, Duration checkTimeout) {
        this.operations = operations;
        this.checkTimeout = checkTimeout;
    }

    @Override
    public String describeLoad(int clients, long operations) {
        return clients + " clients append unique tokens to " + DemoLoad.KEYS + " keys and read them back (1 in " +
            DemoLoad.READ_EVERY + "), " + operations + " operations";
    }

    @Override
    public ReplogNode start(int id, NodeConfig config) throws IOException {
        KvStateMachine machine = new KvStateMachine();
        machines.put(id, machine);
        return ReplogNode.start(config, machine);
    }

    @Override
    public void open(Path directory) throws IOException {
        history = new HistoryLog(directory.resolve(HISTORY_FILE));
    }

    @Override
    public void run(Supplier<Optional<ReplogNode>> leader, int clients) throws InterruptedException {
        load = new DemoLoad(leader, operations, history);
        load.run(clients);
    }

    @Override
    public void stop() {
        if (load != null) {
            load.stop();
        }
    }

    @Override
    public long acknowledgedCount() {
        return load == null ? 0 : load.acknowledgedCount();
    }

    @Override
    public long retries() {
        return load == null ? 0 : load.retries();
    }

    @Override
    public Outcome check(DemoCluster cluster, Path directory) throws IOException {
        history.close();
        long lost = 0;
        long duplicated = 0;
        Map<String, String> reference = null;
        boolean identical = true;
        for (int id : cluster.nodes().keySet()) {
            KvStateMachine machine = machines.get(id);
            Map<String, String> state = new HashMap<>();
            Map<Long, Integer> seen = new HashMap<>();
            for (int k = 0; k < DemoLoad.KEYS; k++) {
                String key = "k" + k;
                String value = machine.get(key);
                state.put(key, value);
                if (value != null) {
                    for (String token : value.split(",")) {
                        if (!token.isEmpty()) {
                            seen.merge(Long.parseLong(token), 1, Integer::sum);
                        }
                    }
                }
            }
            for (long token : load.acknowledged.keySet()) {
                lost += seen.containsKey(token) ? 0 : 1;
            }
            duplicated += seen.values().stream().filter(count -> count > 1).count();
            if (reference == null) {
                reference = state;
            } else {
                identical &= reference.equals(state);
            }
        }
        LinearizabilityResult linearizability = checkHistory();
        Boolean linearizable = linearizability.verdict().asBoolean();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lostAcknowledged", lost);
        fields.put("appliedTwice", duplicated);
        fields.put("statesIdentical", identical);
        fields.put("linearizable", linearizable);
        fields.put("history", history.file().toAbsolutePath().toString());
        boolean passed = lost == 0 && duplicated == 0 && identical && linearizability.verdict() != Verdict.NOT_LINEARIZABLE;
        String narrative = String.format("checked every node's state: %d acknowledged appends lost, %d applied twice, " +
                "states %s%nlinearizability of the %d-operation history: %s (./replog check linearizable --model kv %s)%n",
            lost, duplicated, identical ? "identical" : "DIFFERENT", linearizability.operationCount(),
            linearizable == null ? "unknown (the checker ran out of time)" : linearizable ? "linearizable" : "NOT LINEARIZABLE",
            history.file());
        return new Outcome(fields, passed, narrative);
    }

    private LinearizabilityResult checkHistory() throws IOException {
        try {
            History read = new HistoryReader(Models.byName("kv")).read(history.file());
            return new LinearizabilityChecker(Models.byName("kv"), Budget.ofTimeout(checkTimeout)).check(read);
        } catch (HistoryFormatException e) {
            throw new IllegalStateException("the demo wrote a history the checker cannot read: " + e.getMessage(), e);
        }
    }
}
