package io.replog.bench;

import java.io.IOException;
import java.nio.file.Path;

/** A system that can run a {@link WorkloadSpec} in a fresh directory it owns. */
interface Workload {
    /** Short name for tables and JSON, e.g. {@code replog}. */
    String name();

    /** Runs the workload in {@code directory} (which does not exist yet) and reports what it measured. */
    BenchResult run(Path directory, WorkloadSpec spec) throws IOException;
}
