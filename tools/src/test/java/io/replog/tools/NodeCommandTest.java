package io.replog.tools;

import io.replog.replication.transport.LoopbackPorts;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.replog.tools.CliRun.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replog node} refuses to start, with exit 2 and a message naming the problem. */
class NodeCommandTest {
    @TempDir
    Path dir;

    private String members() throws IOException {
        return "1=127.0.0.1:" + LoopbackPorts.next() + ":" + LoopbackPorts.next() + ",2=127.0.0.1:" + LoopbackPorts.next() + ":" +
            LoopbackPorts.next() + ",3=127.0.0.1:" + LoopbackPorts.next() + ":" + LoopbackPorts.next();
    }

    @Test
    void badFlagsAreUsageErrorsNamingTheFlag() throws IOException {
        String node = dir.resolve("node-1").toString();
        assertUsage(CliRun.of("node", "--id", "1", "--dir", node), "--members");
        assertUsage(CliRun.of("node", "--id", "4", "--members", members(), "--dir", node),
            "--id 4 is not one of the --members [1, 2, 3]");
        assertUsage(CliRun.of("node", "--id", "1", "--members", "1=127.0.0.1", "--dir", node),
            "'1=127.0.0.1' is not ID=HOST:RAFT_PORT[:CLIENT_PORT]");
        assertUsage(CliRun.of("node", "--id", "1", "--members", "1=127.0.0.1:70000:9101", "--dir", node),
            "raft port 70000 is outside 1..65535");
        assertUsage(CliRun.of("node", "--id", "1", "--members", "1=127.0.0.1:9001:9101,1=127.0.0.1:9002:9102",
            "--dir", node), "member 1 is listed twice");
        assertUsage(CliRun.of("node", "--id", "1", "--members", "1=no-such-host.invalid:9001:9101", "--dir", node),
            "the host 'no-such-host.invalid' of member 1 does not resolve");
        assertUsage(CliRun.of("node", "--id", "1", "--members", "1=127.0.0.1:9001,2=127.0.0.1:9002", "--dir", node),
            "node 1 has no client port");
        assertUsage(CliRun.of("node", "--id", "1", "--members", members(), "--dir", node, "--sync", "sometimes"),
            "--sync must be none, batch or always");
        assertUsage(CliRun.of("node", "--id", "1", "--members", members(), "--dir", node, "--mtu", "1000"),
            "--mtu must be 0 (Aeron's default, 1408) or a multiple of 32 from 64 to 65504, not 1000");
        assertTrue(Files.notExists(dir.resolve("node-1")), "nothing was created for a refused start");
    }

    @Test
    void aDirectoryLockedByAnotherWriterIsRefused() throws IOException {
        Path node = dir.resolve("node-1");
        WalConfig config = new WalConfig().syncPolicy(SyncPolicy.NONE).segmentLengthBytes(1 << 20);
        try (WriteAheadLog held = WriteAheadLog.open(node.resolve("log"), config)) {
            assertUsage(CliRun.of("node", "--id", "1", "--members", members(), "--dir", node.toString()),
                "is already open by another writer");
        }
    }

    @Test
    void aDirectoryOfAnotherNodeOrClusterIsRefused() throws IOException {
        Path node = dir.resolve("node-2");
        Files.createDirectories(node);
        new NodeIdentity(2, 7, ExampleService.KV).write(node);
        assertUsage(CliRun.of("node", "--id", "1", "--cluster-id", "7", "--members", members(), "--dir", node.toString()),
            "belongs to node 2 of cluster 7");
        assertUsage(CliRun.of("node", "--id", "2", "--cluster-id", "8", "--members", members(), "--dir", node.toString()),
            "not node 2 of cluster 8");
    }

    @Test
    void aDirectoryOfTheOtherServiceIsRefused() throws IOException {
        Path kvNode = dir.resolve("kv-node");
        Files.createDirectories(kvNode);
        // As replog node wrote it before --service existed: no service line, so the key-value store.
        Files.writeString(kvNode.resolve(NodeIdentity.FILE), "node-id=1\ncluster-id=7\n");
        assertUsage(CliRun.of("node", "--id", "1", "--cluster-id", "7", "--service", "counters", "--members", members(),
            "--dir", kvNode.toString()), kvNode + " holds the log of a node serving kv");
        Path countersNode = dir.resolve("counters-node");
        Files.createDirectories(countersNode);
        new NodeIdentity(1, 7, ExampleService.COUNTERS).write(countersNode);
        CliRun kv = CliRun.of("node", "--id", "1", "--cluster-id", "7", "--members", members(), "--dir",
            countersNode.toString());
        assertUsage(kv, "not kv");
        assertTrue(kv.err().contains("start it with --service counters"), kv.err());
        assertUsage(CliRun.of("node", "--id", "1", "--members", members(), "--dir", dir.resolve("n").toString(),
            "--service", "sql"), "--service: 'sql' is not a service: kv or counters");
    }

    @Test
    void theIdentityRecordsTheService() throws IOException {
        Path node = dir.resolve("node-3");
        Files.createDirectories(node);
        new NodeIdentity(3, 9, ExampleService.COUNTERS).write(node);
        assertEquals(new NodeIdentity(3, 9, ExampleService.COUNTERS), NodeIdentity.read(node));
        Files.writeString(node.resolve(NodeIdentity.FILE), "node-id=3\ncluster-id=9\nservice=cobol\n");
        IOException damaged = assertThrows(IOException.class, () -> NodeIdentity.read(node));
        assertTrue(damaged.getMessage().contains("is damaged"), damaged.getMessage());
    }

    @Test
    void aClientPortInUseIsRefused() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            String members = "1=127.0.0.1:" + LoopbackPorts.next() + ":" + taken.getLocalPort() + ",2=127.0.0.1:" +
                LoopbackPorts.next() + ":" + LoopbackPorts.next();
            assertUsage(CliRun.of("node", "--id", "1", "--members", members, "--dir", dir.resolve("n").toString()),
                "cannot listen for clients on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void helpDocumentsTheMemberSyntax() {
        CliRun help = CliRun.of("node", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("ID=HOST:RAFT_PORT[:CLIENT_PORT]"), help.out());
        for (String line : help.out().split("\n")) {
            assertTrue(line.length() <= 80, "help fits 80 columns: " + line);
        }
    }
}
