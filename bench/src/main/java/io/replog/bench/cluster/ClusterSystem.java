package io.replog.bench.cluster;

import java.io.IOException;
import java.nio.file.Path;

/** A replicated log that can run a {@link ClusterSpec}: replog or a peer. */
interface ClusterSystem {
    /** Short name for tables and JSON: {@code replog}, {@code aeron-cluster}, {@code ratis}. */
    String name();

    /** How this system is made durable under {@code spec}, in its own configuration terms. */
    String durability(ClusterSpec spec);

    /**
     * Starts {@code spec.nodes()} members on loopback in this JVM, with their data under
     * {@code directory} (which does not exist yet), waits until a leader can take commands and
     * connects the client.
     */
    RunningCluster start(Path directory, ClusterSpec spec) throws IOException;
}
