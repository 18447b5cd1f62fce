package io.replog.replication.node;

import io.replog.replication.StateMachine;
import io.replog.replication.transport.DatagramReadiness;
import io.replog.replication.transport.ForwardingTransport;
import io.replog.replication.transport.LoopbackPorts;
import io.replog.replication.transport.Transport;
import io.replog.wal.SyncPolicy;
import org.agrona.DirectBuffer;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test (nothing about time is asserted anywhere): a main that starts an idle 3-node cluster in this JVM,
 * configured as {@code replog demo} and the bench run it (an embedded driver per node, on the node's thread),
 * and prints the CPUs the process uses while nothing is appended: with the node threads sleeping until a datagram
 * arrives ({@link NodeIdleStrategy}, the default) and, side by side, with the transport's {@link DatagramReadiness}
 * hidden, so that they back off and park as before. Rounds alternate.
 * <pre>
 *   java -cp ... io.replog.replication.node.IdleCpuProbe [rounds] [seconds]
 * </pre>
 */
public final class IdleCpuProbe {
    private IdleCpuProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        for (int round = 1; round <= rounds; round++) {
            for (boolean sleepOnDatagrams : new boolean[] {true, false}) {
                Path directory = Files.createTempDirectory("replog-idle");
                List<ReplogNode> nodes = start(directory, sleepOnDatagrams);
                try {
                    Thread.sleep(3000);
                    long cpuBefore = os.getProcessCpuTime();
                    long before = System.nanoTime();
                    Thread.sleep(seconds * 1000L);
                    double cpus = (double)(os.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - before);
                    System.out.printf("round %d, %-45s %.3f CPUs%n", round, sleepOnDatagrams ?
                        "node threads sleep until a datagram:" : "node threads back off and park (before):", cpus);
                } finally {
                    nodes.forEach(ReplogNode::close);
                    try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                    }
                }
            }
        }
    }

    private static List<ReplogNode> start(Path directory, boolean sleepOnDatagrams) throws Exception {
        List<String> endpoints = List.of(LoopbackPorts.endpoint(), LoopbackPorts.endpoint(), LoopbackPorts.endpoint());
        List<ReplogNode> nodes = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            NodeConfig config = new NodeConfig().id(id).directory(directory.resolve("node-" + id))
                .syncPolicy(SyncPolicy.BATCH);
            for (int member = 1; member <= 3; member++) {
                config.member(member, endpoints.get(member - 1));
            }
            if (!sleepOnDatagrams) {
                config.transportDecorator(WithoutReadiness::new);
            }
            nodes.add(ReplogNode.start(config, new Idle()));
        }
        return nodes;
    }

    private static final class Idle implements StateMachine {
        @Override
        public byte[] apply(long index, DirectBuffer command, int offset, int length) {
            return new byte[0];
        }

        @Override
        public SnapshotView snapshot() {
            return out -> { };
        }

        @Override
        public void restore(InputStream snapshot) {
        }
    }

    /** The transport it wraps, minus its readiness: the node then parks as it does with an external driver. */
    private static final class WithoutReadiness extends ForwardingTransport {
        WithoutReadiness(Transport delegate) {
            super(delegate);
        }

        @Override
        public DatagramReadiness readiness() {
            return null;
        }
    }
}
