package io.replog.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bench jmh ARGS}: JMH's own command line over the benchmarks in this jar, e.g.
 * {@code bench jmh -prof gc AppendBenchmark} (allocation per operation: {@code gc.alloc.rate.norm}).
 */
@Command(name = "jmh", sortOptions = false,
    description = {"Runs the JMH benchmarks in this jar; every argument goes to JMH (try `jmh -h`, `jmh -l`).",
        "Example: jmh -prof gc AppendBenchmark  (gc.alloc.rate.norm = bytes allocated per operation)"})
final class JmhCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help (JMH's own help is -h).")
    boolean help;

    @Parameters(paramLabel = "JMH_ARGS", description = "Arguments for org.openjdk.jmh.Main.")
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
        return 0;
    }
}
