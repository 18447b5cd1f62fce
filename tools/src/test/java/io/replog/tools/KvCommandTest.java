package io.replog.tools;

import io.replog.replication.transport.LoopbackPorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.replog.tools.CliRun.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replog kv} usage and environment errors (its round trips run against node processes in NodeProcessTest). */
class KvCommandTest {
    @Test
    void badOperationsAreUsageErrors() {
        assertUsage(CliRun.of("kv", "--cluster", "127.0.0.1:9101", "frobnicate", "k"), "unknown operation 'frobnicate'");
        assertUsage(CliRun.of("kv", "--cluster", "127.0.0.1:9101", "put", "k"), "put takes 2 arguments, got 1");
        assertUsage(CliRun.of("kv", "--cluster", "127.0.0.1:9101", "cas", "k", "a"), "cas K EXPECTED NEW");
        assertUsage(CliRun.of("kv", "--cluster", "localhost", "get", "k"), "--cluster: 'localhost' is not host:port");
        assertUsage(CliRun.of("kv", "get", "k"), "--cluster");
    }

    @Test
    void anUnreachableClusterIsExitTwoNamingTheEndpoint() throws IOException {
        int port = LoopbackPorts.next();
        CliRun run = CliRun.of("kv", "--cluster", "127.0.0.1:" + port, "--timeout-ms", "300", "get", "k");
        assertUsage(run, "no answer from the cluster 127.0.0.1:" + port);
        assertTrue(run.err().contains("cannot connect to node 127.0.0.1:" + port), run.err());
    }
}
