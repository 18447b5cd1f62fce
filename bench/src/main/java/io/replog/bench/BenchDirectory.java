package io.replog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The fresh directory one {@code bench wal} or {@code bench cluster} invocation works in
 * ({@code <parent>/replog-bench-*}),
 * with one subdirectory per run and system. Everything in it is deleted on close, also after a
 * failed run, except what was {@linkplain #keep kept}.
 */
public final class BenchDirectory implements AutoCloseable {
    private final Path root;
    private Path kept;

    private BenchDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates the fresh directory under {@code parent} (created if missing).
     *
     * @throws IOException when {@code parent} cannot be created or written.
     */
    public static BenchDirectory createUnder(Path parent) throws IOException {
        Files.createDirectories(parent);
        return new BenchDirectory(Files.createTempDirectory(parent, "replog-bench-"));
    }

    public Path root() {
        return root;
    }

    /** A not-yet-existing subdirectory for one run of one system. */
    public Path runDirectory(String system, String run) {
        return root.resolve(system + "-" + run);
    }

    /** Leaves this run directory in place on {@link #close()}. */
    public void keep(Path runDirectory) {
        kept = runDirectory;
    }

    /** The file system type, e.g. {@code ext4} or {@code tmpfs} (which would make durability meaningless). */
    public String fileSystemType() {
        try {
            FileStore store = Files.getFileStore(root);
            return store.type();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Deletes every run directory but the kept one, and the root unless something was kept in it. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.toList()) {
                if (!child.equals(kept)) {
                    deleteRecursively(child);
                }
            }
        }
        if (kept == null) {
            Files.delete(root);
        }
    }
}
