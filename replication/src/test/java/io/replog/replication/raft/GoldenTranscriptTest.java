package io.replog.replication.raft;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Replays every script in {@code src/test/resources/raft/*.txt} and compares the output with the
 * transcript. Run with {@code -Dreplog.golden.rewrite=true} to regenerate the expected output
 * (then review the diff: a transcript is only as good as the reading it got).
 */
class GoldenTranscriptTest {
    private static final Path SCRIPTS = Path.of("src", "test", "resources", "raft");
    private static final boolean REWRITE = Boolean.getBoolean("replog.golden.rewrite");

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            files.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(scripts::add);
        }
        assertFalse(scripts.isEmpty(), "no golden scripts found in " + SCRIPTS.toAbsolutePath());
        return scripts.stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> replay(path)));
    }

    private static void replay(Path script) throws IOException {
        String text = Files.readString(script, StandardCharsets.UTF_8);
        List<GoldenScript.Block> blocks = GoldenScript.parse(text);
        GoldenDriver driver = new GoldenDriver();
        List<String> outputs = new ArrayList<>();
        for (GoldenScript.Block block : blocks) {
            outputs.add(driver.run(block.command()));
        }
        String actual = GoldenScript.render(blocks, outputs);
        if (REWRITE) {
            Files.writeString(script, actual, StandardCharsets.UTF_8);
            return;
        }
        for (int b = 0; b < blocks.size(); b++) {
            GoldenScript.Block block = blocks.get(b);
            assertEquals(block.expected(), outputs.get(b),
                script.getFileName() + " line " + block.lineNumber() + ": output of '" + block.command() + "' differs (rerun with -Dreplog.golden.rewrite=true to accept)");
        }
    }
}
