package io.replog.bench.cluster;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.replog.replication.transport.LoopbackPorts;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Aeron Cluster member in this JVM: a {@link ClusteredMediaDriver} (media driver, archive,
 * consensus module) and a {@link ClusteredServiceContainer} running an {@link EchoService}.
 * <p>
 * Set up as replog's nodes are, so the comparison is of the protocols, not the tuning: an embedded
 * driver in shared threading mode with the idle strategy of replog's embedded driver, the archive,
 * consensus module and service backing off as replog's node thread does (on 2 cores, busy spinning
 * starves the other members), terms of replog's default length, the archive and cluster directories
 * on the measured disk and the Aeron directory under {@code /dev/shm}, deleted on start and close.
 */
final class AeronClusterNode implements AutoCloseable {
    static final int TERM_LENGTH_BYTES = 4 * 1024 * 1024;
    private static final String LOCAL_ARCHIVE_CHANNEL = "aeron:ipc?term-length=64k";

    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final EchoService service;
    private final String aeronDirectory;

    /** The UDP ports of one member: ingress, consensus, log, catch-up, archive control. */
    record Ports(int ingress, int consensus, int log, int catchup, int archive) {
        static Ports free() throws IOException {
            return new Ports(LoopbackPorts.next(), LoopbackPorts.next(), LoopbackPorts.next(),
                LoopbackPorts.next(), LoopbackPorts.next());
        }

        /** This member in Aeron's cluster-members syntax: {@code id,ingress,consensus,log,catchup,archive}. */
        String member(int memberId) {
            String host = LoopbackPorts.HOST + ":";
            return memberId + "," + host + ingress + "," + host + consensus + "," + host + log + "," + host + catchup +
                "," + host + archive;
        }
    }

    private AeronClusterNode(ClusteredMediaDriver driver, ClusteredServiceContainer container, EchoService service,
                             String aeronDirectory) {
        this.driver = driver;
        this.container = container;
        this.service = service;
        this.aeronDirectory = aeronDirectory;
    }

    /**
     * Launches member {@code memberId} of {@code members}.
     *
     * @param fileSyncLevel 0: nothing forced; 1: the archive forces each recorded block and the
     *                      consensus module its files before the position counts as appended.
     * @param mtuBytes      the driver's MTU for every UDP publication (consensus, log, archive); 0: Aeron's default.
     */
    static AeronClusterNode launch(int memberId, String members, Ports ports, Path directory, String aeronDirectory,
                                   int fileSyncLevel, int mtuBytes, ErrorHandler errors) {
        MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1)))
            .publicationTermBufferLength(TERM_LENGTH_BYTES)
            .ipcTermBufferLength(TERM_LENGTH_BYTES)
            .termBufferSparseFile(true)
            .errorHandler(errors);
        if (mtuBytes > 0) {
            driverContext.mtuLength(mtuBytes);
        }
        Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDirectory)
            .archiveDir(directory.resolve("archive").toFile())
            .deleteArchiveOnStart(true)
            .controlChannel("aeron:udp?endpoint=" + LoopbackPorts.HOST + ":" + ports.archive())
            .localControlChannel(LOCAL_ARCHIVE_CHANNEL)
            .replicationChannel("aeron:udp?endpoint=" + LoopbackPorts.HOST + ":0")
            .archiveClientContext(new AeronArchive.Context()
                .controlResponseChannel("aeron:udp?endpoint=" + LoopbackPorts.HOST + ":0"))
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(agentIdle())
            .fileSyncLevel(fileSyncLevel)
            .catalogFileSyncLevel(fileSyncLevel)
            .errorHandler(errors);
        AeronArchive.Context localArchive = new AeronArchive.Context()
            .aeronDirectoryName(aeronDirectory)
            .controlRequestChannel(LOCAL_ARCHIVE_CHANNEL)
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(LOCAL_ARCHIVE_CHANNEL);
        Path clusterDirectory = directory.resolve("cluster");
        ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .aeronDirectoryName(aeronDirectory)
            .clusterMemberId(memberId)
            .clusterMembers(members)
            .clusterDir(clusterDirectory.toFile())
            .deleteDirOnStart(true)
            .archiveContext(localArchive.clone())
            .serviceCount(1)
            // The client runs in this process beside the leader, as replog's appender does: over IPC.
            .isIpcIngressAllowed(true)
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=" + TERM_LENGTH_BYTES)
            .replicationChannel("aeron:udp?endpoint=" + LoopbackPorts.HOST + ":0")
            .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(30))
            .idleStrategySupplier(agentIdle())
            .fileSyncLevel(fileSyncLevel)
            .errorHandler(errors);
        EchoService service = new EchoService();
        ClusteredMediaDriver driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
        try {
            ClusteredServiceContainer container = ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDirectory)
                .archiveContext(localArchive.clone())
                .clusterDir(clusterDirectory.toFile())
                .clusteredService(service)
                .serviceId(0)
                .idleStrategySupplier(agentIdle())
                .errorHandler(errors));
            return new AeronClusterNode(driver, container, service, aeronDirectory);
        } catch (RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    /** What replog's node thread idles with. */
    private static Supplier<IdleStrategy> agentIdle() {
        return () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MICROSECONDS.toNanos(200));
    }

    boolean isLeader() {
        return service.role() == io.aeron.cluster.service.Cluster.Role.LEADER;
    }

    String aeronDirectory() {
        return aeronDirectory;
    }

    /** Stops the service first, then the consensus module, archive and driver. */
    @Override
    public void close() {
        CloseHelper.closeAll(container, driver);
    }
}
