package io.replog.bench.cluster;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.replog.bench.DiskBaseline;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The least a durable commit of one command can cost on this machine: one {@code fdatasync} of a
 * command-sized write (to a preallocated file in the benchmark directory, as a log appends) plus one
 * UDP round trip on loopback, each the median of {@code samples} tries, measured in the same run as
 * the clusters. With one command in flight, a replicated log can overlap the leader's force with the
 * follower's, but not the follower's force with the round trip.
 *
 * @param fsyncP50Us     median of one write + fdatasync of {@code sizeBytes}.
 * @param roundTripP50Us median of one datagram of {@code sizeBytes} to an echo and back on 127.0.0.1.
 * @param p50Us          their sum.
 */
@JsonPropertyOrder({"fsyncP50Us", "roundTripP50Us", "p50Us"})
public record CommitFloor(double fsyncP50Us, double roundTripP50Us, double p50Us) {
    private static final int PREALLOCATED_BYTES = 16 << 20;

    static CommitFloor measure(Path directory, int sizeBytes, int samples) throws IOException {
        double fsync = fsyncP50Us(directory, sizeBytes, samples);
        double roundTrip = roundTripP50Us(sizeBytes, samples);
        return new CommitFloor(fsync, roundTrip, fsync + roundTrip);
    }

    private static double fsyncP50Us(Path directory, int sizeBytes, int samples) throws IOException {
        Path file = directory.resolve("commit-floor.dat");
        Histogram latencyNs = new Histogram(3);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DiskBaseline.preallocate(channel, PREALLOCATED_BYTES, 1 << 20);
            ByteBuffer command = ByteBuffer.allocateDirect(sizeBytes);
            long position = 0;
            for (int i = 0; i < samples; i++) {
                command.clear();
                long startNs = System.nanoTime();
                channel.write(command, position);
                channel.force(false);
                latencyNs.recordValue(System.nanoTime() - startNs);
                position = (position + sizeBytes) % (PREALLOCATED_BYTES - sizeBytes);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return latencyNs.getValueAtPercentile(50.0) / 1000.0;
    }

    private static double roundTripP50Us(int sizeBytes, int samples) throws IOException {
        Histogram latencyNs = new Histogram(3);
        try (DatagramChannel client = DatagramChannel.open(); DatagramChannel echo = DatagramChannel.open()) {
            echo.bind(new InetSocketAddress("127.0.0.1", 0));
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            client.connect(echo.getLocalAddress());
            Thread echoThread = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(sizeBytes, 1));
                try {
                    for (int i = 0; i < samples; i++) {
                        buffer.clear();
                        var from = echo.receive(buffer);
                        buffer.flip();
                        echo.send(buffer, from);
                    }
                } catch (IOException ignored) {
                    // The client side reports a missing answer.
                }
            }, "commit-floor-echo");
            echoThread.setDaemon(true);
            echoThread.start();
            ByteBuffer datagram = ByteBuffer.allocateDirect(Math.max(sizeBytes, 1));
            for (int i = 0; i < samples; i++) {
                datagram.clear();
                long startNs = System.nanoTime();
                client.write(datagram);
                datagram.clear();
                client.read(datagram);
                latencyNs.recordValue(System.nanoTime() - startNs);
            }
        }
        return latencyNs.getValueAtPercentile(50.0) / 1000.0;
    }
}
