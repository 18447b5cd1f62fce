package io.replog.tools;

import io.replog.examples.pb.StampedCounters;
import io.replog.examples.server.CounterRequestHandler;
import io.replog.examples.server.KvRequestHandler;
import io.replog.examples.server.ServiceHandler;
import io.replog.examples.server.SharedKvState;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.pb.PrimaryBackupNode;

import java.io.IOException;
import java.util.Locale;

/** The example services {@code replog node --service} runs: how to start each, and what its clients talk to. */
enum ExampleService {
    /** The key-value store, replicated as a state machine: commands in the log, applied everywhere. */
    KV(KvRequestHandler.SERVICE_NAME, "key-value store, state machine replication") {
        @Override
        Started start(NodeConfig config) throws IOException {
            SharedKvState state = new SharedKvState();
            ReplogNode node = ReplogNode.start(config, state);
            return new Started(node, new KvRequestHandler(node, state));
        }
    },
    /** The stamped counters, primary-backup: the leader is the primary and replicates state deltas. */
    COUNTERS(CounterRequestHandler.SERVICE_NAME, "stamped counters, primary-backup: the leader is the primary") {
        @Override
        Started start(NodeConfig config) throws IOException {
            PrimaryBackupNode node = PrimaryBackupNode.start(config, new StampedCounters());
            return new Started(node.node(), new CounterRequestHandler(node));
        }
    };

    /** A running node (for a primary-backup node, the node under its layer) and what its clients are served by. */
    record Started(ReplogNode node, ServiceHandler handler) {
    }

    /** As {@code --service} and {@code DIR/identity} spell it. */
    final String cliName;
    final String description;

    ExampleService(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    abstract Started start(NodeConfig config) throws IOException;

    /** @throws IllegalArgumentException naming the choices. */
    static ExampleService parse(String name) {
        for (ExampleService service : values()) {
            if (service.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return service;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a service: kv or counters");
    }
}
