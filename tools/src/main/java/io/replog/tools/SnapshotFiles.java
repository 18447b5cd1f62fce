package io.replog.tools;

import io.replog.snapshot.SnapshotFileName;
import io.replog.snapshot.SnapshotStore;
import io.replog.wal.storage.FileStorage;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Resolves the FILE or DIR argument of snapshot commands to a directory and file names in it. */
record SnapshotFiles(FileStorage storage, List<String> fileNames) {
    static SnapshotFiles of(CommandLine commandLine, Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (SnapshotFileName.parse(name).isEmpty()) {
                throw new CommandLine.ParameterException(commandLine, path + " is not named like a replog snapshot " +
                    "(snapshot-<term>-<index>.snap)");
            }
            Path parent = path.toAbsolutePath().getParent();
            return new SnapshotFiles(new FileStorage(parent), List.of(name));
        }
        Path directory = NodePaths.snapshots(commandLine, path);
        SnapshotStore store = SnapshotStore.open(directory);
        List<String> names = new ArrayList<>();
        store.list().forEach(listing -> names.add(listing.fileName()));
        return new SnapshotFiles(new FileStorage(directory), names);
    }
}
