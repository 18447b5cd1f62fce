package io.replog.checker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Histories recorded by Jepsen against real systems (etcd, a key-value store) with the verdicts
 * porcupine's test suite asserts; see jepsen-histories/README.md for where they come from.
 */
class JepsenHistoriesTest {
    private static final String DIRECTORY = "/jepsen-histories/";

    static List<Arguments> verdicts() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (InputStream in = JepsenHistoriesTest.class.getResourceAsStream(DIRECTORY + "verdicts.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    String[] fields = line.split("\t");
                    rows.add(Arguments.of(fields[0], fields[1], Boolean.parseBoolean(fields[2])));
                }
            }
        }
        return rows;
    }

    @Test
    void allTwentyFourHistoriesHaveAVerdict() throws IOException {
        assertEquals(24, verdicts().size());
    }

    @ParameterizedTest(name = "{0} ({1}) linearizable={2}")
    @MethodSource("verdicts")
    void checkerAgreesWithTheKnownVerdict(String file, String model, boolean linearizable) throws Exception {
        LinearizabilityResult result = Histories.checkResource(model, DIRECTORY + file);
        assertEquals(linearizable ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, result.verdict(),
            () -> file + ": " + result.failures());
        if (!linearizable) {
            for (KeyResult failure : result.failures()) {
                assertFalse(failure.stuckPoint().candidates().isEmpty(), file + ": a failure names operations");
            }
        }
    }
}
