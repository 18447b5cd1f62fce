package io.replog.tools;

import io.replog.replication.transport.LoopbackPorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.replog.tools.CliRun.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replog counter} usage and environment errors (its round trips: NodeProcessCountersTest). */
class CounterCommandTest {
    @Test
    void badOperationsAreUsageErrors() {
        assertUsage(CliRun.of("counter", "--cluster", "127.0.0.1:9101", "decrement", "c"),
            "unknown operation 'decrement': expected increment or read");
        assertUsage(CliRun.of("counter", "--cluster", "127.0.0.1:9101", "increment"), "increment NAME [AMOUNT]");
        assertUsage(CliRun.of("counter", "--cluster", "127.0.0.1:9101", "increment", "c", "1", "2"),
            "increment NAME [AMOUNT]");
        assertUsage(CliRun.of("counter", "--cluster", "127.0.0.1:9101", "increment", "c", "lots"),
            "the amount 'lots' is not a whole number");
        assertUsage(CliRun.of("counter", "--cluster", "127.0.0.1:9101", "read", "c", "d"), "read takes 1 argument, got 2");
        assertUsage(CliRun.of("counter", "--cluster", "localhost", "read", "c"), "--cluster: 'localhost' is not host:port");
        assertUsage(CliRun.of("counter", "--cluster", "127.0.0.1:9101", "--timeout-ms", "0", "read", "c"),
            "--timeout-ms must be at least 1");
        assertUsage(CliRun.of("counter", "read", "c"), "--cluster");
    }

    @Test
    void anUnreachableClusterIsExitTwoNamingTheEndpoint() throws IOException {
        int port = LoopbackPorts.next();
        CliRun run = CliRun.of("counter", "--cluster", "127.0.0.1:" + port, "--timeout-ms", "300", "increment", "c");
        assertUsage(run, "no answer from the cluster 127.0.0.1:" + port);
        assertTrue(run.err().contains("cannot connect to node 127.0.0.1:" + port), run.err());
    }

    @Test
    void helpNamesBothOperationsAndFitsEightyColumns() {
        CliRun help = CliRun.of("counter", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("increment NAME [AMOUNT]") && help.out().contains("read NAME"), help.out());
        for (String line : help.out().split("\n")) {
            assertTrue(line.length() <= 80, "help fits 80 columns: " + line);
        }
    }
}
