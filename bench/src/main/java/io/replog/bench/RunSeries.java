package io.replog.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The results of one system over several runs; the machine is noisy, so report the median and spread. */
final class RunSeries {
    private final List<BenchResult> runs = new ArrayList<>();

    void add(BenchResult result) {
        runs.add(result);
    }

    List<BenchResult> runs() {
        return runs;
    }

    /** The run with the median entries per second (the lower middle one for an even count). */
    BenchResult median() {
        List<BenchResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(BenchResult::entriesPerSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }

    int medianRun() {
        return runs.indexOf(median());
    }

    double minEntriesPerSecond() {
        return runs.stream().mapToDouble(BenchResult::entriesPerSecond).min().orElseThrow();
    }

    double maxEntriesPerSecond() {
        return runs.stream().mapToDouble(BenchResult::entriesPerSecond).max().orElseThrow();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }
}
