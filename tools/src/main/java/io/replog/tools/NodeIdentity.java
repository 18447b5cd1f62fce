package io.replog.tools;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * {@code DIR/identity}: which node of which cluster a node directory belongs to, and which service
 * its log holds, written by {@code replog node} the first time it runs on the directory, so that
 * starting another node id, cluster id or service on it by mistake fails instead of merging two
 * nodes' histories or feeding key-value commands to the counters. A file without {@code service}
 * predates {@code --service}, when every node served the key-value store.
 */
record NodeIdentity(int nodeId, int clusterId, ExampleService service) {
    static final String FILE = "identity";

    /** The recorded identity, or null when the directory has none (new, or written by other tools). */
    static NodeIdentity read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        try {
            return new NodeIdentity(Integer.parseInt(properties.getProperty("node-id", "").trim()),
                Integer.parseInt(properties.getProperty("cluster-id", "").trim()),
                ExampleService.parse(properties.getProperty("service", ExampleService.KV.cliName).trim()));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is damaged (node-id and cluster-id must be numbers, service kv or " +
                "counters: " + e.getMessage() + "); restore it or remove it if you are sure which node this " +
                "directory belongs to");
        }
    }

    /**
     * @return null when {@code directory} may be used as this node, else why not.
     */
    String mismatch(Path directory, int nodeId, int clusterId, ExampleService service) {
        if (this.nodeId != nodeId || this.clusterId != clusterId) {
            return directory + " belongs to node " + this.nodeId + " of cluster " + this.clusterId + " (see " +
                directory.resolve(FILE) + "), not node " + nodeId + " of cluster " + clusterId +
                ": start that node on it, or give this node a directory of its own";
        }
        if (this.service != service) {
            return directory + " holds the log of a node serving " + this.service.cliName + " (see " +
                directory.resolve(FILE) + "), not " + service.cliName + ": its entries mean nothing to the " +
                service.cliName + " service; start it with --service " + this.service.cliName +
                ", or give this node a directory of its own";
        }
        return null;
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a file. */
    void write(Path directory) throws IOException {
        Path temporary = directory.resolve(FILE + ".tmp");
        Files.writeString(temporary, "# replog: the node this directory belongs to\nnode-id=" + nodeId +
            "\ncluster-id=" + clusterId + "\nservice=" + service.cliName + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
    }
}
