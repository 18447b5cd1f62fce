package io.replog.replication.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Who this node is, who its peers are and how Aeron is set up. Fluent setters. */
public final class TransportConfig {
    /** Aeron term length: a message may be up to an eighth of it. */
    public static final int DEFAULT_TERM_LENGTH_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_STREAM_ID = 0x5250;
    /** Bounds of {@link #mtuBytes(int)}: Aeron's (a frame header and some data; the largest UDP payload). */
    public static final int MIN_MTU_BYTES = 64;
    public static final int MAX_MTU_BYTES = 65504;
    /** What {@link #mtuBytes(int)} accepts, for error messages (the command lines' too). */
    public static final String MTU_RULE = "0 (Aeron's default, 1408) or a multiple of 32 from " + MIN_MTU_BYTES + " to " +
        MAX_MTU_BYTES;

    private int clusterId;
    private int selfId;
    private final Map<Integer, String> endpoints = new TreeMap<>();
    private String aeronDirectory;
    private boolean embeddedDriver = true;
    private boolean driverOnCallerThread = true;
    private int termLengthBytes = DEFAULT_TERM_LENGTH_BYTES;
    private int streamId = DEFAULT_STREAM_ID;
    private int sendAttempts = 3;
    private int mtuBytes;

    public int clusterId() {
        return clusterId;
    }

    /** Frames carrying another cluster id are dropped: two clusters can never mix by mistake. */
    public TransportConfig clusterId(int clusterId) {
        this.clusterId = clusterId;
        return this;
    }

    public int selfId() {
        return selfId;
    }

    public TransportConfig selfId(int selfId) {
        this.selfId = selfId;
        return this;
    }

    /** Member id to UDP endpoint ({@code host:port}), this node included. */
    public Map<Integer, String> endpoints() {
        return endpoints;
    }

    public TransportConfig member(int id, String endpoint) {
        endpoints.put(id, endpoint);
        return this;
    }

    public boolean embeddedDriver() {
        return embeddedDriver;
    }

    /**
     * Whether the embedded driver (and the Aeron client's conductor) run on the thread that calls
     * {@link Transport#poll}, as part of its duty cycle, instead of on a thread of their own (Aeron's
     * {@code INVOKER} threading mode; default true). A frame sent is then put on the wire in the same duty
     * cycle, and one that arrives is read when the node's thread next polls, never after a park of the
     * driver's own thread: on the 2-core machine measured the driver's thread, backing off up to 1 ms
     * when idle, sat on each of the four hops of a commit. Set false when no thread polls the transport
     * regularly (another process's Aeron client attached to this driver would wait).
     */
    public boolean driverOnCallerThread() {
        return driverOnCallerThread;
    }

    public TransportConfig driverOnCallerThread(boolean driverOnCallerThread) {
        this.driverOnCallerThread = driverOnCallerThread;
        return this;
    }

    /** Whether to launch a media driver inside this process (default) or use an external one. */
    public TransportConfig embeddedDriver(boolean embeddedDriver) {
        this.embeddedDriver = embeddedDriver;
        return this;
    }

    /**
     * The Aeron directory. For an embedded driver the default is a directory of its own under
     * {@code /dev/shm} (or the temp directory), deleted when the transport starts and closes.
     */
    public String aeronDirectory() {
        if (aeronDirectory != null) {
            return aeronDirectory;
        }
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("replog-aeron-" + clusterId + "-" + selfId + "-" + ProcessHandle.current().pid()).toString();
    }

    public TransportConfig aeronDirectory(String aeronDirectory) {
        this.aeronDirectory = aeronDirectory;
        return this;
    }

    public int termLengthBytes() {
        return termLengthBytes;
    }

    /** Aeron term length, a power of two from 64 KiB; small terms suit tests on small machines. */
    public TransportConfig termLengthBytes(int termLengthBytes) {
        if (termLengthBytes < 64 * 1024 || Integer.bitCount(termLengthBytes) != 1) {
            throw new IllegalArgumentException("termLengthBytes must be a power of two of at least 64 KiB, not " +
                termLengthBytes);
        }
        this.termLengthBytes = termLengthBytes;
        return this;
    }

    public int streamId() {
        return streamId;
    }

    public TransportConfig streamId(int streamId) {
        this.streamId = streamId;
        return this;
    }

    public int sendAttempts() {
        return sendAttempts;
    }

    /** How many times a back-pressured send is retried before the message is dropped. */
    public TransportConfig sendAttempts(int sendAttempts) {
        if (sendAttempts < 1) {
            throw new IllegalArgumentException("sendAttempts must be at least 1, not " + sendAttempts);
        }
        this.sendAttempts = sendAttempts;
        return this;
    }

    public int mtuBytes() {
        return mtuBytes;
    }

    /**
     * Largest UDP payload a publication sends to a peer (Aeron's {@code mtu}); 0 (default) keeps Aeron's,
     * 1408 bytes, which fits an Ethernet frame of 1500. A message larger than the MTU goes out as several
     * datagrams, each a system call on both ends: where every hop carries larger frames (loopback, jumbo
     * frames), a larger MTU sends a batch of entries in fewer. A multiple of 32, from 64 to 65504.
     */
    public TransportConfig mtuBytes(int mtuBytes) {
        this.mtuBytes = checkedMtu(mtuBytes);
        return this;
    }

    /** Whether {@link #mtuBytes(int)} accepts {@code mtuBytes} ({@link #MTU_RULE}). */
    public static boolean validMtu(int mtuBytes) {
        return mtuBytes == 0 || (mtuBytes >= MIN_MTU_BYTES && mtuBytes <= MAX_MTU_BYTES && mtuBytes % 32 == 0);
    }

    /** {@code mtuBytes} if {@link #mtuBytes(int)} accepts it, else an exception that says what it accepts. */
    public static int checkedMtu(int mtuBytes) {
        if (!validMtu(mtuBytes)) {
            throw new IllegalArgumentException("mtuBytes must be " + MTU_RULE + ", not " + mtuBytes);
        }
        return mtuBytes;
    }

    /** Checks the configuration and says what is wrong. */
    void validate() {
        if (!endpoints.containsKey(selfId)) {
            throw new IllegalArgumentException("member " + selfId + " (this node) has no endpoint in " + endpoints);
        }
        for (Map.Entry<Integer, String> member : endpoints.entrySet()) {
            String endpoint = member.getValue();
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0 || colon == endpoint.length() - 1) {
                throw new IllegalArgumentException("member " + member.getKey() + " endpoint '" + endpoint +
                    "' is not host:port");
            }
            try {
                int port = Integer.parseInt(endpoint.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("member " + member.getKey() + " endpoint '" + endpoint +
                    "' has no valid port (1-65535)");
            }
        }
    }
}
