package io.replog.tools;

import io.replog.examples.server.ClientServer;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.transport.TransportConfig;
import io.replog.wal.SyncPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code replog node}: one node of a replog cluster as a process, serving one of the example services. */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs one node of a replog cluster in this process, serving an example",
        "service, until SIGTERM or SIGINT: a clean stop (log forced, commit index",
        "recorded), exit 0. Start one per machine, with the same --members and",
        "--service on every node. Prints its endpoints at start, then one line per",
        "role change: time, term, role, leader.",
        "",
        "--service kv (default): the key-value store, replicated as a state machine.",
        "  Clients: `replog kv --cluster HOST:CLIENT_PORT,...` or KvClient.",
        "--service counters: the stamped counters, primary-backup (the leader is the",
        "  primary). Clients: `replog counter --cluster ...` or CounterClient.",
        "(Both clients: io.replog.examples.client.)",
        "",
        "--members lists every member as ID=HOST:RAFT_PORT[:CLIENT_PORT], e.g.",
        "  1=10.0.0.1:9001:9101,2=10.0.0.2:9001:9101,3=10.0.0.3:9001:9101",
        "RAFT_PORT is UDP (replication), CLIENT_PORT is TCP (the service's clients), both",
        "on HOST. List every member's client port: a node that does not lead then",
        "sends clients to the leader. --client-port gives this node's client port",
        "when its entry has none.",
        "",
        "Exit 2: bad flags, an endpoint that cannot be bound or resolved, a directory",
        "locked by another process or belonging to another node, cluster or service",
        "(DIR/identity). Exit 1: the node stopped on its own (failed fsync, corruption).",
        ""})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "this node's id, one of --members")
    int id;

    @Option(names = "--members", required = true, paramLabel = "MEMBERS", description = "every member: " +
        Members.SYNTAX)
    String members;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the node directory (created if missing)")
    Path directory;

    @Option(names = "--service", paramLabel = "SERVICE", defaultValue = "kv",
        description = "kv or counters, the same on every member (default: ${DEFAULT-VALUE})")
    String serviceName;

    @Option(names = "--client-port", paramLabel = "P", description = "this node's client (TCP) port, when its " +
        "--members entry has none")
    Integer clientPort;

    @Option(names = "--sync", paramLabel = "POLICY", defaultValue = "batch",
        description = "none, batch or always (batch and always force once per batch of Raft work; default: ${DEFAULT-VALUE})")
    String sync;

    @Option(names = "--cluster-id", paramLabel = "N", defaultValue = "1",
        description = "the cluster's id, the same on every member; messages of other clusters are dropped (default: ${DEFAULT-VALUE})")
    int clusterId;

    @Option(names = "--tick-ms", paramLabel = "MS", defaultValue = "10", description = "one Raft tick (default: ${DEFAULT-VALUE})")
    long tickMs;

    @Option(names = "--election-ticks", paramLabel = "T", defaultValue = "30",
        description = "election timeout in ticks, randomized up to twice this (default: ${DEFAULT-VALUE})")
    int electionTicks;

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "100000",
        description = "snapshot and compact the log every N applied entries (default: ${DEFAULT-VALUE})")
    long snapshotEvery;

    @Option(names = "--term-length", paramLabel = "BYTES", defaultValue = "4194304",
        description = "Aeron term length, a power of two from 64 KiB; a message may be an eighth of it (default: ${DEFAULT-VALUE})")
    int termLengthBytes;

    @Option(names = "--mtu", paramLabel = "BYTES", defaultValue = "0",
        description = "largest UDP payload sent to a peer, a multiple of 32 from 64 to 65504; larger sends a batch of " +
            "entries in fewer datagrams where every hop allows it (loopback, jumbo frames); 0: Aeron's 1408 (default)")
    int mtuBytes;

    @Option(names = "--segment-length", paramLabel = "BYTES", defaultValue = "67108864",
        description = "log segment size, preallocated on creation (default: ${DEFAULT-VALUE})")
    int segmentLengthBytes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        out = commandLine.getOut();
        NodeConfig config = config(commandLine);
        ExampleService service = service(commandLine);
        Members.Member self = self(commandLine);
        checkDirectory(service);
        probeRaftEndpoint(self);
        ServerSocket clientSocket = bindClientEndpoint(self);
        Lifecycle lifecycle = new Lifecycle();
        Thread hook = new Thread(lifecycle::onSignal, "replog-node-shutdown");
        // Installed before the node starts, so that a SIGTERM during startup still stops it cleanly.
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ExampleService.Started started = service.start(config);
            lifecycle.node = started.node();
            new NodeIdentity(id, clusterId, service).write(directory);
            lifecycle.server = ClientServer.start(started.handler(), clientSocket,
                parsedMembers(commandLine).clientEndpoints(), ClientServer.Options.DEFAULTS);
        } catch (IOException | RuntimeException e) {
            lifecycle.stopping.set(true);
            Runtime.getRuntime().removeShutdownHook(hook);
            clientSocket.close();
            if (lifecycle.node != null) {
                lifecycle.node.close();
            }
            lifecycle.started.countDown();
            throw new IOException("node " + id + " cannot start on " + directory + ": " + e.getMessage(), e);
        }
        printLine("node " + id + " of cluster " + clusterId + " started, serving " + service.cliName + " (" +
            service.description + "): raft udp " + self.raftEndpoint() +
            ", clients tcp " + self.clientEndpoint() + ", directory " + directory.toAbsolutePath() + ", sync " +
            sync.toLowerCase(Locale.ROOT) + ", members " + membersText(commandLine));
        ReplogNode node = lifecycle.node;
        node.addListener((nodeId, role, term, leaderId) -> printRole(role.toString(), term, leaderId));
        // The state before the first change (a change racing with this may print twice: harmless).
        printRole(node.role().toString(), node.term(), node.leaderId());
        lifecycle.started.countDown();
        return lifecycle.runUntilStopped();
    }

    /** What the main thread and the shutdown hook share: who stops the node, and when it may be stopped. */
    private final class Lifecycle {
        final AtomicBoolean stopping = new AtomicBoolean();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        volatile ReplogNode node;
        volatile ClientServer server;

        /** The shutdown hook (SIGTERM, SIGINT): stop cleanly once started, and exit 0. */
        void onSignal() {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            try {
                started.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (node != null) {
                stop(node, server, "signal");
            }
            stopped.countDown();
            // SIGTERM would otherwise exit 143; a clean stop on request is a success.
            Runtime.getRuntime().halt(Replog.OK);
        }

        /** Blocks until a signal stops the node (the hook exits the JVM) or the node fails on its own. */
        int runUntilStopped() throws InterruptedException {
            while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
                if (!node.isRunning() && stopping.compareAndSet(false, true)) {
                    Throwable failure = node.failure();
                    stop(node, server, "failure");
                    spec.commandLine().getErr().println("replog node: node " + id + " stopped on its own: " +
                        (failure == null ? "unknown cause" : failure.getMessage()));
                    spec.commandLine().getErr().flush();
                    return Replog.FOUND_PROBLEM;
                }
            }
            return Replog.OK;
        }
    }

    private void stop(ReplogNode node, ClientServer server, String why) {
        if (server != null) {
            server.close();
        }
        node.close();
        printLine(Instant.now() + " stopped (" + why + "): term " + node.term() + ", commit index " + node.commitIndex() +
            ", applied index " + node.appliedIndex());
    }

    /** One line per role change: time, term, role, leader. */
    private void printRole(String role, long term, int leaderId) {
        printLine(Instant.now() + " term " + term + " role " + role + " leader " +
            (leaderId == 0 ? "none" : Integer.toString(leaderId)));
    }

    private synchronized void printLine(String line) {
        out.println(line);
        out.flush();
    }

    private NodeConfig config(CommandLine commandLine) {
        SyncPolicy policy = switch (sync.toLowerCase(Locale.ROOT)) {
            case "none" -> SyncPolicy.NONE;
            case "batch" -> SyncPolicy.BATCH;
            case "always" -> SyncPolicy.ALWAYS;
            default -> throw new CommandLine.ParameterException(commandLine, "--sync must be none, batch or always, not '" +
                sync + "'");
        };
        if (tickMs < 1 || electionTicks < 4) {
            throw new CommandLine.ParameterException(commandLine, "--tick-ms must be at least 1 and --election-ticks at least 4");
        }
        if (snapshotEvery < 1) {
            throw new CommandLine.ParameterException(commandLine, "--snapshot-every must be at least 1");
        }
        if (termLengthBytes < 64 * 1024 || Integer.bitCount(termLengthBytes) != 1) {
            throw new CommandLine.ParameterException(commandLine, "--term-length must be a power of two of at least 65536");
        }
        if (!TransportConfig.validMtu(mtuBytes)) {
            throw new CommandLine.ParameterException(commandLine, "--mtu must be " + TransportConfig.MTU_RULE + ", not " +
                mtuBytes);
        }
        if (segmentLengthBytes < 64 * 1024) {
            throw new CommandLine.ParameterException(commandLine, "--segment-length must be at least 65536");
        }
        NodeConfig config = new NodeConfig().id(id).clusterId(clusterId).directory(directory).syncPolicy(policy)
            .segmentLengthBytes(segmentLengthBytes)
            .tickMs(tickMs).timeouts(electionTicks, Math.max(1, electionTicks / 10)).snapshotEveryEntries(snapshotEvery)
            .termLengthBytes(termLengthBytes).mtuBytes(mtuBytes);
        parsedMembers(commandLine).byId().values().forEach(member -> config.member(member.id(), member.raftEndpoint()));
        return config;
    }

    private Members parsed;

    private Members parsedMembers(CommandLine commandLine) {
        if (parsed == null) {
            try {
                parsed = Members.parse(members);
                parsed.checkHostsResolve();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "--members: " + e.getMessage());
            }
        }
        return parsed;
    }

    /** This node's entry, with {@code --client-port} applied. */
    private Members.Member self(CommandLine commandLine) {
        Members all = parsedMembers(commandLine);
        Members.Member listed = all.byId().get(id);
        if (listed == null) {
            throw new CommandLine.ParameterException(commandLine, "--id " + id + " is not one of the --members " +
                all.byId().keySet());
        }
        if (clientPort != null) {
            if (clientPort < 1 || clientPort > 65_535) {
                throw new CommandLine.ParameterException(commandLine, "--client-port " + clientPort + " is outside 1..65535");
            }
            if (listed.clientPort() != 0 && listed.clientPort() != clientPort) {
                throw new CommandLine.ParameterException(commandLine, "--client-port " + clientPort + " contradicts the " +
                    "client port " + listed.clientPort() + " of member " + id + " in --members");
            }
            Members.Member withPort = new Members.Member(id, listed.host(), listed.raftPort(), clientPort);
            java.util.Map<Integer, Members.Member> updated = new java.util.TreeMap<>(all.byId());
            updated.put(id, withPort);
            parsed = new Members(java.util.Collections.unmodifiableMap(updated));
            return withPort;
        }
        if (listed.clientPort() == 0) {
            throw new CommandLine.ParameterException(commandLine, "node " + id + " has no client port: write its " +
                "--members entry as " + id + "=HOST:RAFT_PORT:CLIENT_PORT or pass --client-port");
        }
        return listed;
    }

    private String membersText(CommandLine commandLine) {
        StringBuilder text = new StringBuilder();
        parsedMembers(commandLine).byId().values().forEach(member -> text.append(text.length() == 0 ? "" : ",")
            .append(member));
        return text.toString();
    }

    private ExampleService service(CommandLine commandLine) {
        try {
            return ExampleService.parse(serviceName);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--service: " + e.getMessage());
        }
    }

    private void checkDirectory(ExampleService service) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IOException("--dir " + directory + " exists and is not a directory");
        }
        NodeIdentity identity;
        try {
            identity = NodeIdentity.read(directory);
        } catch (IOException e) {
            throw new IOException(e.getMessage(), e);
        }
        String mismatch = identity == null ? null : identity.mismatch(directory, id, clusterId, service);
        if (mismatch != null) {
            throw new IOException(mismatch);
        }
    }

    /** Binding the UDP port now gives a clear error instead of one from deep inside Aeron. */
    private void probeRaftEndpoint(Members.Member self) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(self.host(), self.raftPort()))) {
            probe.getLocalPort();
        } catch (IOException e) {
            throw new IOException("cannot bind the raft endpoint " + self.raftEndpoint() +
                " (UDP) of node " + id + ": " + e.getMessage() + " (is " + self.host() + " an address of this machine, " +
                "and is the port free?)");
        }
    }

    private ServerSocket bindClientEndpoint(Members.Member self) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(self.clientEndpoint().socketAddress());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen for clients on " + self.clientEndpoint() +
                " (TCP) as node " + id + ": " + e.getMessage() + " (is " + self.host() + " an address of this " +
                "machine, and is the port free?)");
        }
    }
}
