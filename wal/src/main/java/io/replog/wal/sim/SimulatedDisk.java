package io.replog.wal.sim;

import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.ReadableFile;
import io.replog.wal.storage.Storage;
import io.replog.wal.storage.WritableFile;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A disk in memory that remembers what is durable, for crash tests and the cluster simulator.
 * <p>
 * Every file has a <em>volatile</em> image (what the running program sees) and a <em>durable</em>
 * image (what survives a crash). Forcing a file range copies it from volatile to durable. Names
 * work the same way per directory: creations, renames and deletions reach the durable namespace
 * only through {@code syncDirectory()}. {@link #crash(CrashMode)} throws the volatile state away and
 * rebuilds it from the durable one, optionally keeping part of what was written but not forced, as
 * a real page cache may have written it back before power was lost.
 * <p>
 * Faults are explicit calls, decided by the caller's seeded {@link Random}: {@link #flipBit},
 * {@link #failSyncs(int)}, {@link #failWrites(int)}, and a capacity that makes preallocation fail like a full disk.
 * Objects handed out before a crash (mapped buffers, open files) keep pointing at dead images:
 * callers must drop them, as a crashed process would.
 */
public final class SimulatedDisk {
    /** The granularity at which a crash may keep or lose unsynced bytes. */
    public static final int SECTOR_BYTES = 512;

    /** What survives of bytes written but never forced. */
    public enum CrashMode {
        /** Exactly the durable image: every unsynced byte is lost. */
        LOSE_UNSYNCED,
        /** A prefix of each file's unsynced region survives, cut at any byte: the last write is torn. */
        TEAR_LAST_WRITE,
        /** Each unsynced sector independently survives or not: out-of-order write-back. */
        RANDOM_SECTORS
    }

    private final Random random;
    private long capacityBytes;
    private final Map<String, Directory> directories = new TreeMap<>();
    private int syncsUntilFailure = -1;
    private int writesUntilFailure = -1;
    private long crashes;
    private volatile CountDownLatch forceGate;
    private volatile String forceGatePrefix;
    private final AtomicInteger forcesHeld = new AtomicInteger();

    /**
     * @param random        decides what survives a crash; seed it to replay a run.
     * @param capacityBytes total bytes the disk holds; preallocation past it fails.
     */
    public SimulatedDisk(Random random, long capacityBytes) {
        this.random = random;
        this.capacityBytes = capacityBytes;
    }

    private void awaitForceGate() {
        CountDownLatch gate = forceGate;
        if (gate == null || !Thread.currentThread().getName().startsWith(forceGatePrefix)) {
            return;
        }
        forcesHeld.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forcesHeld.decrementAndGet();
        }
    }

    /** The directory at {@code path} (created lazily, like a real directory, by {@code createDirectory}). */
    public synchronized Storage directory(String path) {
        return new DirectoryStorage(path, -1);
    }

    /**
     * As {@link #directory}, for one process's lifetime: after the next {@link #crash} every call that
     * looks up the directory fails, since a crashed process makes no more calls. A test that leaves a
     * crashed log's threads running (or closes it) uses this, so that they cannot touch the files the
     * next incarnation recovers.
     */
    public synchronized Storage processDirectory(String path) {
        return new DirectoryStorage(path, crashes);
    }

    /** After {@code successfulSyncs} more forces succeed, every further force fails (fsync error). Negative: never. */
    public synchronized void failSyncs(int successfulSyncs) {
        this.syncsUntilFailure = successfulSyncs;
    }

    /**
     * After {@code successfulWrites} more positional writes to mapped files succeed, every further one fails
     * (a device error) without changing anything. Negative: never.
     */
    public synchronized void failWrites(int successfulWrites) {
        this.writesUntilFailure = successfulWrites;
    }

    /**
     * Forces of mapped files started from now on by threads whose name starts with {@code threadNamePrefix} wait for
     * {@code gate} to open before they do anything (a slow force on that thread), without holding the disk: writes,
     * other threads' forces and other calls go on meanwhile. A null gate: forces do not wait.
     */
    public void holdForces(CountDownLatch gate, String threadNamePrefix) {
        this.forceGatePrefix = threadNamePrefix;
        this.forceGate = gate;
    }

    /** Forces waiting at the gate of {@link #holdForces} right now. */
    public int forcesHeld() {
        return forcesHeld.get();
    }

    /** Changes how many bytes the disk holds (a disk filling up, or space freed); files already there stay. */
    public synchronized void capacityBytes(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    public synchronized long capacityBytes() {
        return capacityBytes;
    }

    /** The names of the files in {@code path} as they stand now (volatile view). */
    public synchronized java.util.List<String> files(String path) {
        return new java.util.ArrayList<>(new java.util.TreeSet<>(directoryAt(path).live.keySet()));
    }

    /** The current length of file {@code name} in {@code path}. */
    public synchronized long length(String path, String name) {
        Node node = directoryAt(path).live.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no file " + name + " in " + path);
        }
        return node.length();
    }

    public synchronized long usedBytes() {
        long used = 0;
        for (Node node : liveNodes()) {
            used += node.length();
        }
        return used;
    }

    public synchronized long crashes() {
        return crashes;
    }

    /** Flips one bit of a file in both images, as media corruption would. */
    public synchronized void flipBit(String path, String name, long byteOffset, int bit) {
        Node node = directoryAt(path).live.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no file " + name + " in " + path);
        }
        node.volatileImage.put((int)byteOffset, (byte)(node.volatileImage.get((int)byteOffset) ^ (1 << bit)));
        if (byteOffset < node.durableImage.length) {
            node.durableImage[(int)byteOffset] ^= (byte)(1 << bit);
        }
    }

    /** Loses the volatile state of every file and directory; what survives depends on {@code mode}. */
    public synchronized void crash(CrashMode mode) {
        crashes++;
        List<Node> seen = new ArrayList<>();
        for (Directory directory : directories.values()) {
            for (Node node : directory.durable.values()) {
                if (!seen.contains(node)) {
                    seen.add(node);
                    node.crash(mode, random);
                }
            }
            directory.live.clear();
            directory.live.putAll(directory.durable);
            directory.lockOwner = null;
        }
        syncsUntilFailure = -1;
    }

    private List<Node> liveNodes() {
        List<Node> nodes = new ArrayList<>();
        for (Directory directory : directories.values()) {
            for (Node node : directory.live.values()) {
                if (!nodes.contains(node)) {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    private Directory directoryAt(String path) {
        Directory directory = directories.get(path);
        if (directory == null) {
            throw new IllegalStateException("no directory " + path);
        }
        return directory;
    }

    private void checkSync(String what) throws IOException {
        if (syncsUntilFailure == 0) {
            throw new IOException("Input/output error (simulated fsync failure) forcing " + what);
        }
        if (syncsUntilFailure > 0) {
            syncsUntilFailure--;
        }
    }

    private synchronized void checkWrite(String what) throws IOException {
        if (writesUntilFailure == 0) {
            throw new IOException("Input/output error (simulated write failure) writing " + what);
        }
        if (writesUntilFailure > 0) {
            writesUntilFailure--;
        }
    }

    private void reserve(long bytes, String what) throws IOException {
        long used = usedBytes();
        if (used + bytes > capacityBytes) {
            throw new IOException("No space left on device (simulated): " + what + " needs " + bytes + " bytes, " +
                (capacityBytes - used) + " free");
        }
    }

    private static final class Directory {
        final Map<String, Node> live = new HashMap<>();
        final Map<String, Node> durable = new HashMap<>();
        /** Who holds the writer lock, or null; a crash releases it, as the kernel does for a dead process. */
        Object lockOwner;
    }

    /** One file's contents ("inode"): a volatile image and a durable one. */
    private static final class Node {
        ByteBuffer volatileImage;
        byte[] durableImage = new byte[0];
        int volatileLength;
        boolean mapped;

        Node(int capacity) {
            volatileImage = ByteBuffer.allocateDirect(Math.max(capacity, 1));
        }

        int length() {
            return volatileLength;
        }

        void ensureCapacity(int capacity) {
            if (capacity > volatileImage.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(capacity, volatileImage.capacity() * 2));
                bigger.put(volatileImage.duplicate().clear().limit(volatileLength));
                volatileImage = bigger;
            }
        }

        void force(int position, int length) {
            int end = Math.min(position + length, volatileLength);
            if (durableImage.length < volatileLength) {
                durableImage = java.util.Arrays.copyOf(durableImage, volatileLength);
            }
            for (int i = position; i < end; i++) {
                durableImage[i] = volatileImage.get(i);
            }
        }

        void forceAll() {
            durableImage = new byte[volatileLength];
            volatileImage.duplicate().clear().get(durableImage, 0, volatileLength);
        }

        /** Replaces the volatile image by what survives: the durable image plus, maybe, some unsynced bytes. */
        void crash(CrashMode mode, Random random) {
            int length = Math.max(durableImage.length, volatileLength);
            byte[] survivor = java.util.Arrays.copyOf(durableImage, length);
            if (mode != CrashMode.LOSE_UNSYNCED) {
                int first = -1;
                int last = -1;
                for (int i = 0; i < volatileLength; i++) {
                    byte now = volatileImage.get(i);
                    if (now != survivor[i]) {
                        first = first < 0 ? i : first;
                        last = i;
                    }
                }
                if (first >= 0) {
                    if (mode == CrashMode.TEAR_LAST_WRITE) {
                        int keepUntil = first + random.nextInt(last - first + 2);
                        for (int i = first; i < keepUntil; i++) {
                            survivor[i] = volatileImage.get(i);
                        }
                    } else {
                        for (int sector = first / SECTOR_BYTES; sector <= last / SECTOR_BYTES; sector++) {
                            if (random.nextBoolean()) {
                                int end = Math.min((sector + 1) * SECTOR_BYTES, volatileLength);
                                for (int i = sector * SECTOR_BYTES; i < end; i++) {
                                    survivor[i] = volatileImage.get(i);
                                }
                            }
                        }
                    }
                }
            }
            durableImage = survivor;
            volatileImage = ByteBuffer.allocateDirect(Math.max(length, 1));
            volatileImage.put(survivor);
            volatileLength = length;
        }
    }

    private final class DirectoryStorage implements Storage {
        private final String path;
        /** The crash count this handle dies after, or -1 for a handle that survives crashes. */
        private final long crashesAlive;

        DirectoryStorage(String path, long crashesAlive) {
            this.path = path;
            this.crashesAlive = crashesAlive;
        }

        private Directory directory() throws IOException {
            if (crashesAlive >= 0 && crashes != crashesAlive) {
                throw new IOException("sim:" + path + ": the process holding this handle crashed (simulated)");
            }
            Directory directory = directories.get(path);
            if (directory == null) {
                throw new NoSuchFileException(path, null, "directory does not exist (simulated)");
            }
            return directory;
        }

        private Node node(String name) throws IOException {
            Node node = directory().live.get(name);
            if (node == null) {
                throw new NoSuchFileException(path + "/" + name);
            }
            return node;
        }

        @Override
        public String describe() {
            return "sim:" + path;
        }

        @Override
        public boolean exists() {
            synchronized (SimulatedDisk.this) {
                return directories.containsKey(path);
            }
        }

        @Override
        public void createDirectory() {
            synchronized (SimulatedDisk.this) {
                // Directory creation is treated as immediately durable: the parent's sync is not modelled.
                directories.computeIfAbsent(path, p -> new Directory());
            }
        }

        @Override
        public List<String> list() throws IOException {
            synchronized (SimulatedDisk.this) {
                return new ArrayList<>(directory().live.keySet());
            }
        }

        @Override
        public boolean exists(String name) {
            synchronized (SimulatedDisk.this) {
                Directory directory = directories.get(path);
                return directory != null && directory.live.containsKey(name);
            }
        }

        @Override
        public long size(String name) throws IOException {
            synchronized (SimulatedDisk.this) {
                return node(name).length();
            }
        }

        @Override
        public MappedFile createMapped(String name, int lengthBytes) throws IOException {
            synchronized (SimulatedDisk.this) {
                Directory directory = directory();
                if (directory.live.containsKey(name)) {
                    throw new FileAlreadyExistsException(path + "/" + name);
                }
                reserve(lengthBytes, "preallocating " + path + "/" + name);
                Node node = new Node(lengthBytes);
                node.volatileLength = lengthBytes;
                checkSync(path + "/" + name);
                node.forceAll();
                directory.live.put(name, node);
                return mapped(name, node);
            }
        }

        @Override
        public MappedFile openMapped(String name, boolean readOnly) throws IOException {
            synchronized (SimulatedDisk.this) {
                return mapped(name, node(name));
            }
        }

        private MappedFile mapped(String name, Node node) {
            node.mapped = true;
            // Captured now: after a crash the node gets a new image, and a dead process's mappings must not see it.
            ByteBuffer image = node.volatileImage;
            UnsafeBuffer buffer = new UnsafeBuffer(image, 0, node.volatileLength);
            int lengthBytes = node.volatileLength;
            return new MappedFile() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public AtomicBuffer buffer() {
                    return buffer;
                }

                @Override
                public void write(ByteBuffer source, int position) throws IOException {
                    int length = source.remaining();
                    if (position < 0 || position > lengthBytes - length) {
                        throw new IOException("writing " + length + " bytes at " + position + " would pass the end of " +
                            path + "/" + name + " (" + lengthBytes + " bytes)");
                    }
                    checkWrite(path + "/" + name);
                    // Into the volatile image this mapping was made from: what a crash may lose until forced.
                    buffer.putBytes(position, source, source.position(), length);
                    source.position(source.limit());
                }

                @Override
                public int lengthBytes() {
                    return lengthBytes;
                }

                @Override
                public void force(int position, int length) throws IOException {
                    awaitForceGate();
                    synchronized (SimulatedDisk.this) {
                        checkSync(path + "/" + name);
                        node.force(position, length);
                    }
                }

                @Override
                public void close() {
                    // Nothing to release: the image belongs to the disk.
                }
            };
        }

        @Override
        public WritableFile createWritable(String name) throws IOException {
            synchronized (SimulatedDisk.this) {
                Directory directory = directory();
                Node node = new Node(4096);
                directory.live.put(name, node);
                return new WritableFile() {
                    @Override
                    public void write(ByteBuffer source) throws IOException {
                        synchronized (SimulatedDisk.this) {
                            int length = source.remaining();
                            reserve(length, "writing " + path + "/" + name);
                            node.ensureCapacity(node.volatileLength + length);
                            node.volatileImage.clear().position(node.volatileLength);
                            node.volatileImage.put(source);
                            node.volatileLength += length;
                        }
                    }

                    @Override
                    public long position() {
                        synchronized (SimulatedDisk.this) {
                            return node.volatileLength;
                        }
                    }

                    @Override
                    public void force() throws IOException {
                        synchronized (SimulatedDisk.this) {
                            checkSync(path + "/" + name);
                            node.forceAll();
                        }
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        }

        @Override
        public ReadableFile openReadable(String name) throws IOException {
            synchronized (SimulatedDisk.this) {
                Node node = node(name);
                return new ReadableFile() {
                    @Override
                    public int read(ByteBuffer destination, long position) {
                        synchronized (SimulatedDisk.this) {
                            if (position >= node.volatileLength) {
                                return -1;
                            }
                            int length = (int)Math.min(destination.remaining(), node.volatileLength - position);
                            ByteBuffer source = node.volatileImage.duplicate();
                            source.clear().position((int)position).limit((int)position + length);
                            destination.put(source);
                            return length;
                        }
                    }

                    @Override
                    public long size() {
                        synchronized (SimulatedDisk.this) {
                            return node.volatileLength;
                        }
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        }

        @Override
        public void rename(String from, String to) throws IOException {
            synchronized (SimulatedDisk.this) {
                Node node = node(from);
                Directory directory = directory();
                directory.live.remove(from);
                directory.live.put(to, node);
            }
        }

        @Override
        public void delete(String name) throws IOException {
            synchronized (SimulatedDisk.this) {
                directory().live.remove(name);
            }
        }

        @Override
        public void syncDirectory() throws IOException {
            synchronized (SimulatedDisk.this) {
                checkSync("directory " + path);
                Directory directory = directory();
                directory.durable.clear();
                directory.durable.putAll(directory.live);
            }
        }

        @Override
        public AutoCloseable lock() throws IOException {
            synchronized (SimulatedDisk.this) {
                Directory directory = directory();
                if (directory.lockOwner != null) {
                    throw new IOException(describe() + " is already open by another writer (simulated lock); close " +
                        "that one or use another directory");
                }
                Object owner = new Object();
                directory.lockOwner = owner;
                return () -> {
                    synchronized (SimulatedDisk.this) {
                        // A crashed owner's late close must not release the lock of whoever opened since.
                        if (directory.lockOwner == owner) {
                            directory.lockOwner = null;
                        }
                    }
                };
            }
        }
    }
}
