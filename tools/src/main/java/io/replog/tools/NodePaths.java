package io.replog.tools;

import io.replog.snapshot.NodeDirectory;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the parts of a node directory are, with the usage errors commands give when they are missing. */
final class NodePaths {
    private NodePaths() {
    }

    /** The snapshots directory of a node directory, or the directory itself when it holds snapshots. */
    static Path snapshots(CommandLine commandLine, Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(commandLine, directory + " does not exist or is not a directory");
        }
        Path snapshots = directory.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY);
        return Files.isDirectory(snapshots) ? snapshots : directory;
    }

    /** A node directory: it must hold {@code log/}. */
    static Path node(CommandLine commandLine, Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(commandLine, directory + " does not exist or is not a directory");
        }
        if (!Files.isDirectory(directory.resolve(NodeDirectory.LOG_DIRECTORY))) {
            throw new CommandLine.ParameterException(commandLine, directory + " is not a replog node directory: it has " +
                "no " + NodeDirectory.LOG_DIRECTORY + "/ subdirectory");
        }
        return directory;
    }
}
