package io.replog.checker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: read and check histories written inline as JSON Lines, or from test resources. */
final class Histories {
    private Histories() {
    }

    static History read(String model, String jsonLines) throws HistoryFormatException {
        try {
            return new HistoryReader(Models.byName(model)).read(new StringReader(jsonLines), "inline.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LinearizabilityResult check(String model, String jsonLines) throws HistoryFormatException {
        return new LinearizabilityChecker(Models.byName(model), Budget.unlimited()).check(read(model, jsonLines));
    }

    static LinearizabilityResult checkResource(String model, String resource) throws Exception {
        try (InputStream in = Histories.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            History history = new HistoryReader(Models.byName(model))
                .read(new InputStreamReader(in, StandardCharsets.UTF_8), resource);
            return new LinearizabilityChecker(Models.byName(model), Budget.unlimited()).check(history);
        }
    }
}
