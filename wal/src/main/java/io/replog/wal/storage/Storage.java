package io.replog.wal.storage;

import java.io.IOException;
import java.util.List;

/**
 * One directory of files, the only way replog's storage code touches a disk.
 * <p>
 * Two implementations exist: {@link FileStorage} (real files, memory-mapped segments) and
 * {@code io.replog.wal.sim.SimulatedDisk}'s directories, which keep a volatile and a durable image
 * of every file so that a simulated crash can lose what was never forced.
 * <p>
 * Durability contract, the same one POSIX gives: written bytes become durable only when their file
 * is forced; a created, renamed or deleted name becomes durable only when the directory is synced
 * ({@link #syncDirectory()}). Code that needs an ordering must force and sync explicitly.
 */
public interface Storage {
    /** Where this storage lives, for error messages: a path, or a simulated path. */
    String describe();

    /** Whether the directory itself exists. */
    boolean exists();

    /**
     * Creates the directory (and parents) if it is missing, durably: the new entries are synced in
     * their parents, so files later forced inside survive a crash.
     */
    void createDirectory() throws IOException;

    /** Names of the regular files in the directory, in no particular order. */
    List<String> list() throws IOException;

    boolean exists(String name);

    /** Length of the named file in bytes. */
    long size(String name) throws IOException;

    /**
     * Creates a file of exactly {@code lengthBytes} bytes, preallocated by writing zero blocks (never
     * a sparse file), forces it, and maps it read-write. A full disk surfaces here as an
     * {@link IOException}, never later as a fault on a mapped store.
     */
    MappedFile createMapped(String name, int lengthBytes) throws IOException;

    /**
     * As {@link #createMapped(String, int)}; with {@code force} false the zeros need not be forced. For a
     * spare the log appends to later: its appends are forced by range, and the zeros they overwrite before
     * the operating system writes them back reach the disk once, as data, instead of twice. The space is
     * still taken when the zeros are written, so a full disk still fails here.
     */
    default MappedFile createMapped(String name, int lengthBytes, boolean force) throws IOException {
        return createMapped(name, lengthBytes);
    }

    /**
     * Starts creating a file as {@link #createMapped(String, int, boolean)} does with {@code force} false, in
     * chunks that several threads may write at once (see {@link Preallocation}). The default creates the
     * whole file in its one chunk.
     */
    default Preallocation preallocate(String name, int lengthBytes) throws IOException {
        return Preallocation.whole(() -> createMapped(name, lengthBytes, false));
    }

    /**
     * Creates a file of {@code lengthBytes} whose blocks are taken only as they are written (a sparse file), once
     * the device has at least {@code usableBytesNeeded} usable, and maps it read-write. Only its first page is
     * written (zeros), so that a header stored through the mapping takes no block then; everything else must be
     * written with {@link MappedFile#write}, where a full disk is an {@link IOException}, never a fault on a store
     * to the mapping. The default reserves every block as {@link #createMapped(String, int, boolean)} does.
     *
     * @throws IOException when the device has less than {@code usableBytesNeeded} usable, saying so.
     */
    default MappedFile createSparse(String name, int lengthBytes, long usableBytesNeeded) throws IOException {
        return createMapped(name, lengthBytes, false);
    }

    /** Maps an existing file, read-only or read-write. */
    MappedFile openMapped(String name, boolean readOnly) throws IOException;

    /** Creates (or replaces) a file for sequential writing. */
    WritableFile createWritable(String name) throws IOException;

    /** Opens a file for positional reading. */
    ReadableFile openReadable(String name) throws IOException;

    /** Renames atomically, replacing {@code to} if it exists. Durable after {@link #syncDirectory()}. */
    void rename(String from, String to) throws IOException;

    /** Deletes the named file if it exists. Durable after {@link #syncDirectory()}. */
    void delete(String name) throws IOException;

    /** Makes the directory's entries (creations, renames, deletions) durable. */
    void syncDirectory() throws IOException;

    /**
     * Takes an exclusive lock on the directory for this process, so two writers never share a log.
     *
     * @throws IOException naming the directory when another process holds the lock.
     */
    AutoCloseable lock() throws IOException;
}
