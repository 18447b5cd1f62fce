package io.replog.checker;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long the checker takes on the 24 Jepsen histories: a main, not a test (no timing is ever
 * asserted). Reading and parsing are excluded; each file is checked {@code rounds} times after one
 * warm-up round and the median is printed. Run after {@code mvn -pl checker -am verify}:
 * <pre>
 * cd checker && mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) io.replog.checker.JepsenHistoriesBenchmark [rounds]
 * </pre>
 */
public final class JepsenHistoriesBenchmark {
    private JepsenHistoriesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String[]> verdicts = new ArrayList<>();
        try (InputStream in = JepsenHistoriesBenchmark.class.getResourceAsStream("/jepsen-histories/verdicts.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    verdicts.add(line.split("\t"));
                }
            }
        }
        double totalMedianMs = 0;
        double totalFirstMs = 0;
        System.out.printf("%-16s %-9s %6s %-17s %10s %10s%n", "file", "model", "ops", "verdict", "first ms", "median ms");
        for (String[] row : verdicts) {
            History history = read(row[0], row[1]);
            Model model = Models.byName(row[1]);
            double[] ms = new double[rounds + 1];
            Verdict verdict = null;
            for (int round = 0; round <= rounds; round++) {
                long startNs = System.nanoTime();
                verdict = new LinearizabilityChecker(model, Budget.unlimited()).check(history).verdict();
                ms[round] = (System.nanoTime() - startNs) / 1e6;
            }
            double first = ms[0];
            double[] measured = Arrays.copyOfRange(ms, 1, ms.length);
            Arrays.sort(measured);
            double median = measured[measured.length / 2];
            totalFirstMs += first;
            totalMedianMs += median;
            String expected = Boolean.parseBoolean(row[2]) ? "LINEARIZABLE" : "NOT_LINEARIZABLE";
            System.out.printf("%-16s %-9s %6d %-17s %10.2f %10.2f%s%n", row[0], row[1], history.operations().size(),
                verdict, first, median, verdict.name().equals(expected) ? "" : "  WRONG, expected " + expected);
        }
        System.out.printf("total: first (cold JVM) round %.1f ms, median of %d warm rounds %.1f ms%n",
            totalFirstMs, rounds, totalMedianMs);
    }

    private static History read(String file, String model) throws Exception {
        try (InputStream in = JepsenHistoriesBenchmark.class.getResourceAsStream("/jepsen-histories/" + file)) {
            return new HistoryReader(Models.byName(model)).read(new InputStreamReader(in, StandardCharsets.UTF_8), file);
        }
    }
}
