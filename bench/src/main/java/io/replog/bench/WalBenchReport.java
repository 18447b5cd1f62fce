package io.replog.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.List;

/**
 * Everything one {@code bench wal} invocation measured: the JSON document of {@code --json}, and the
 * source of the human table. replog's own figures sit at the top level ({@code entriesPerSecond},
 * {@code p99Us}, ...); the peer's, when compared, in {@code peer}.
 *
 * @param dir                      the kept log (the median run's), or null when not kept.
 * @param diskWriteForceMbPerSecond median over runs of {@link DiskBaseline}.
 * @param fractionOfDisk           replog's MB/s over the disk's write+force MB/s.
 * @param diskMmapForceMbPerSecond median over runs of mmap + msync per 1 MiB ({@link DiskBaseline}).
 * @param ratio                    median over runs of replog's entries/s over the peer's in the same run.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sync", "entries", "sizeBytes", "runs", "warmupEntries", "segmentLengthBytes", "fileSystem"})
public record WalBenchReport(String sync, int entries, int sizeBytes, int runs, int warmupEntries,
                             int segmentLengthBytes, String fileSystem, String dir,
                             @JsonUnwrapped SystemFigures replog, double diskWriteForceMbPerSecond,
                             List<Double> diskWriteForceMbPerSecondRuns, double fractionOfDisk,
                             double diskMmapForceMbPerSecond, List<Double> diskMmapForceMbPerSecondRuns, PeerFigures peer,
                             Double ratio, List<Double> ratioRuns) {
}
