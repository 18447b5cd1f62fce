package io.replog.tools;

import io.replog.examples.client.ClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of the commands that talk to {@code replog node} processes ({@code kv}, {@code counter}). */
final class ClusterClientOptions {
    @Option(names = "--cluster", required = true, paramLabel = "HOST:PORT,...",
        description = "client endpoints of the nodes (their CLIENT_PORT); one that answers is enough")
    String cluster;

    @Option(names = "--timeout-ms", paramLabel = "T", defaultValue = "5000",
        description = "give up after this long, retries included (default: ${DEFAULT-VALUE})")
    long timeoutMs;

    /** The client's configuration: one attempt or connect waits a second at most (less if the timeout is shorter). */
    ClientConfig config(CommandLine commandLine) {
        if (timeoutMs < 1) {
            throw new CommandLine.ParameterException(commandLine, "--timeout-ms must be at least 1");
        }
        try {
            ClientConfig config = new ClientConfig().endpoints(cluster).timeoutMs(timeoutMs)
                .attemptTimeoutMs(Math.min(1_000, timeoutMs)).connectTimeoutMs(Math.min(1_000, timeoutMs));
            if (config.endpoints().isEmpty()) {
                throw new IllegalArgumentException("no endpoint given");
            }
            return config;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--cluster: " + e.getMessage());
        }
    }

    /** The failure of an operation the cluster did not answer, as the commands report it (exit 2). */
    IllegalStateException unanswered(RuntimeException cause) {
        return new IllegalStateException("no answer from the cluster " + cluster + ": " + cause.getMessage(), cause);
    }
}
