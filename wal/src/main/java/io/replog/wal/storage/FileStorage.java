package io.replog.wal.storage;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link Storage} over a real directory: segments are memory-mapped, snapshots use channels. */
public final class FileStorage implements Storage {
    /** Preallocation writes zeros in blocks of this size. */
    private static final int PREALLOCATE_BLOCK_BYTES = 1 << 20;
    public static final String LOCK_FILE = ".lock";

    private final Path directory;

    public FileStorage(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String describe() {
        return directory.toString();
    }

    @Override
    public boolean exists() {
        return Files.isDirectory(directory);
    }

    @Override
    public void createDirectory() throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path path = directory; path != null && !Files.isDirectory(path); path = path.getParent()) {
            missing.add(0, path);
        }
        Files.createDirectories(directory);
        // A new directory's own entry lives in its parent: without forcing the parent, a crash can
        // lose the directory and every file later forced inside it (a first snapshot, a new log).
        for (Path created : missing) {
            force(created.getParent());
        }
    }

    private static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public List<String> list() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names = new ArrayList<>();
            files.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(directory.toString(), null, "directory does not exist");
        }
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(directory.resolve(name));
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(directory.resolve(name));
    }

    @Override
    public MappedFile createMapped(String name, int lengthBytes) throws IOException {
        return createMapped(name, lengthBytes, true);
    }

    @Override
    public MappedFile createMapped(String name, int lengthBytes, boolean force) throws IOException {
        ChunkedPreallocation preallocation = start(name, lengthBytes);
        try {
            while (preallocation.writeChunk()) {
                // One thread writes every chunk.
            }
        } catch (IOException e) {
            // finish() reports it, after removing the file.
        }
        return preallocation.finish(force);
    }

    @Override
    public Preallocation preallocate(String name, int lengthBytes) throws IOException {
        return start(name, lengthBytes);
    }

    @Override
    public MappedFile createSparse(String name, int lengthBytes, long usableBytesNeeded) throws IOException {
        Path path = directory.resolve(name);
        long usable = Files.getFileStore(directory).getUsableSpace();
        if (usable < usableBytesNeeded) {
            throw new IOException("cannot create " + path + ": " + usable + " bytes usable on the device, " +
                usableBytesNeeded + " needed (this file and what the current segment may still take)");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try {
            ByteBuffer firstPage = ByteBuffer.allocate(Math.min(lengthBytes, SPARSE_FIRST_PAGE_BYTES));
            while (firstPage.hasRemaining()) {
                channel.write(firstPage, firstPage.position());
            }
            if (lengthBytes > SPARSE_FIRST_PAGE_BYTES) {
                channel.write(ByteBuffer.allocate(1), lengthBytes - 1); // the length, without the blocks between
            }
            return new Mapped(name, channel, false, lengthBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw new IOException("cannot create " + path + " (" + usableSpace(path) + " bytes usable on the device): " +
                e.getMessage(), e);
        }
    }

    private ChunkedPreallocation start(String name, int lengthBytes) throws IOException {
        Path path = directory.resolve(name);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        return new ChunkedPreallocation(name, path, channel, lengthBytes);
    }

    /**
     * Zeros written in chunks of {@link #PREALLOCATE_BLOCK_BYTES} with positional writes, never a sparse
     * {@code setLength}: the blocks are taken now, so a full disk fails here and never later as a fault on
     * a store to the mapping. Chunks may be written by several threads at once (each its own range).
     */
    private static final class ChunkedPreallocation implements Preallocation {
        /** Never written: every chunk writes from a duplicate of it. */
        private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PREALLOCATE_BLOCK_BYTES);

        private final String name;
        private final Path path;
        private final FileChannel channel;
        private final int lengthBytes;
        /** Guarded by {@code this}: the next unclaimed position, chunks being written, bytes written, the first failure. */
        private long nextPosition;
        private int inFlight;
        private long writtenBytes;
        private IOException failure;
        /**
         * Views of {@link #ZEROS}, one per thread writing a chunk, made up front: the appender helps in
         * its steady state, which allocates nothing. Guarded by {@code this}.
         */
        private final ArrayDeque<ByteBuffer> views = new ArrayDeque<>(4);

        ChunkedPreallocation(String name, Path path, FileChannel channel, int lengthBytes) {
            this.name = name;
            this.path = path;
            this.channel = channel;
            this.lengthBytes = lengthBytes;
            // The thread making the file, and the appender.
            views.add(ZEROS.duplicate());
            views.add(ZEROS.duplicate());
        }

        @Override
        public boolean writeChunk() throws IOException {
            long position;
            ByteBuffer zeros;
            synchronized (this) {
                if (failure != null || nextPosition >= lengthBytes) {
                    return false;
                }
                position = nextPosition;
                nextPosition = Math.min(lengthBytes, position + PREALLOCATE_BLOCK_BYTES);
                inFlight++;
                zeros = views.isEmpty() ? ZEROS.duplicate() : views.poll();
            }
            zeros.clear().limit((int)Math.min(zeros.capacity(), lengthBytes - position));
            IOException failed = null;
            try {
                long at = position;
                while (zeros.hasRemaining()) {
                    at += channel.write(zeros, at);
                }
            } catch (IOException e) {
                failed = e;
            } finally {
                synchronized (this) {
                    inFlight--;
                    views.push(zeros);
                    if (failed == null) {
                        writtenBytes += zeros.limit();
                    } else if (failure == null) {
                        failure = new IOException("cannot preallocate " + lengthBytes + " bytes for " + path + " (wrote " +
                            writtenBytes + " bytes, " + usableSpace(path) + " bytes usable on the device): " +
                            failed.getMessage(), failed);
                    }
                    notifyAll();
                }
            }
            if (failed != null) {
                throw failure();
            }
            return true;
        }

        @Override
        public synchronized double claimedFraction() {
            return (double)nextPosition / lengthBytes;
        }

        private synchronized IOException failure() {
            return failure;
        }

        @Override
        public MappedFile finish() throws IOException {
            return finish(false);
        }

        MappedFile finish(boolean force) throws IOException {
            try {
                synchronized (this) {
                    while (inFlight > 0) {
                        wait();
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    if (nextPosition < lengthBytes) {
                        throw new IllegalStateException("finish() with " + (lengthBytes - nextPosition) + " bytes of " +
                            path + " never claimed");
                    }
                }
                if (force) {
                    channel.force(true);
                }
                return new Mapped(name, channel, false, lengthBytes);
            } catch (IOException | RuntimeException e) {
                closeAndDelete();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeAndDelete();
                throw new java.io.InterruptedIOException("interrupted while preallocating " + path);
            }
        }

        private void closeAndDelete() throws IOException {
            channel.close();
            Files.deleteIfExists(path);
        }
    }

    /** What {@link #createSparse} writes of a file: the page a segment's header is stored in through the mapping. */
    private static final int SPARSE_FIRST_PAGE_BYTES = 4096;

    private static long usableSpace(Path path) {
        try {
            return Files.getFileStore(path.getParent()).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public MappedFile openMapped(String name, boolean readOnly) throws IOException {
        Path path = directory.resolve(name);
        StandardOpenOption[] options = readOnly ? new StandardOpenOption[] {StandardOpenOption.READ} :
            new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        FileChannel channel = FileChannel.open(path, options);
        try {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(path + " is " + size + " bytes, larger than any replog segment can be");
            }
            return new Mapped(name, channel, readOnly, (int)size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public WritableFile createWritable(String name) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return new WritableFile() {
            private long position;

            @Override
            public void write(ByteBuffer source) throws IOException {
                while (source.hasRemaining()) {
                    position += channel.write(source);
                }
            }

            @Override
            public long position() {
                return position;
            }

            @Override
            public void force() throws IOException {
                channel.force(true);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public ReadableFile openReadable(String name) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(name), StandardOpenOption.READ);
        return new ReadableFile() {
            @Override
            public int read(ByteBuffer destination, long position) throws IOException {
                return channel.read(destination, position);
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try {
            Files.move(directory.resolve(from), directory.resolve(to), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + directory + " cannot rename atomically", e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(directory.resolve(name));
    }

    @Override
    public void syncDirectory() throws IOException {
        force(directory);
    }

    @Override
    public AutoCloseable lock() throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(directory + " is already open by another writer (its " + LOCK_FILE +
                " is locked); close that process or use another directory");
        }
        FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
        };
    }

    /**
     * A file mapped whole for reads, with its channel held open for positional writes and forces (the file
     * may have been renamed since it was opened).
     */
    private static final class Mapped implements MappedFile {
        private final String name;
        private final FileChannel channel;
        private final boolean readOnly;
        private final MappedByteBuffer mapped;
        private final UnsafeBuffer buffer;
        private final int lengthBytes;

        Mapped(String name, FileChannel channel, boolean readOnly, int lengthBytes) throws IOException {
            this.name = name;
            this.channel = channel;
            this.readOnly = readOnly;
            this.mapped = channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0,
                lengthBytes);
            this.buffer = new UnsafeBuffer(mapped);
            this.lengthBytes = lengthBytes;
        }

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
            if (readOnly) {
                throw new IOException(name + " is open read-only: it cannot take appends");
            }
            if (position < 0 || position > lengthBytes - source.remaining()) {
                throw new IOException("writing " + source.remaining() + " bytes at " + position + " would pass the end of " +
                    name + " (" + lengthBytes + " bytes)");
            }
            long at = position;
            while (source.hasRemaining()) {
                at += channel.write(source, at);
            }
        }

        @Override
        public int lengthBytes() {
            return lengthBytes;
        }

        @Override
        public void force(int position, int length) throws IOException {
            // By range (msync, which forces the file's pages in the range however they were written): a
            // spare's zeros past the range were never forced and must not all be written now.
            try {
                mapped.force(position, length);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public void close() {
            IoUtil.unmap(mapped);
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was written through the channel: closing it cannot lose data.
            }
        }
    }
}
