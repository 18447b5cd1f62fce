package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code replog check linearizable --json} end to end on the 24 Jepsen histories kept (with their
 * attribution) in the checker module's test resources; tests run with the module directory as the
 * working directory.
 */
class CheckJepsenHistoriesCommandTest {
    private static final Path HISTORIES = Path.of("..", "checker", "src", "test", "resources", "jepsen-histories");

    static List<Arguments> verdicts() throws IOException {
        return Files.readAllLines(HISTORIES.resolve("verdicts.tsv")).stream()
            .filter(line -> !line.isBlank())
            .map(line -> line.split("\t"))
            .map(fields -> Arguments.of(fields[0], fields[1], Boolean.parseBoolean(fields[2])))
            .toList();
    }

    @ParameterizedTest(name = "{0} ({1}) linearizable={2}")
    @MethodSource("verdicts")
    void commandAgreesWithTheKnownVerdict(String file, String model, boolean linearizable) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Replog.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute("check", "linearizable", "--model", model, "--json",
            HISTORIES.resolve(file).toString());
        assertEquals(linearizable ? Replog.OK : Replog.FOUND_PROBLEM, exit, err.toString());
        JsonNode document = new ObjectMapper().readTree(out.toString());
        assertEquals(linearizable, document.get("linearizable").asBoolean());
        assertEquals(linearizable, document.get("failures").isEmpty(), "failures are listed exactly when not linearizable");
    }
}
