package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.replog.checker.KeyResult;
import io.replog.checker.LinearizabilityResult;
import io.replog.checker.Operation;
import io.replog.checker.StuckPoint;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The output of {@code replog check linearizable}: text for people, or one JSON document. */
final class CheckLinearizableReport {
    private CheckLinearizableReport() {
    }

    static void print(PrintWriter out, Path file, LinearizabilityResult result, int prefixOperationsShown) {
        String verdict = switch (result.verdict()) {
            case LINEARIZABLE -> "linearizable";
            case NOT_LINEARIZABLE -> "NOT linearizable";
            case UNKNOWN -> "UNKNOWN (the budget ran out before the search decided; raise --timeout-seconds or --max-cache-mb)";
        };
        out.printf("%s: %s%n", file, verdict);
        out.printf("  model %s, %d operations on %d %s (%d failed operations dropped), %d ms, %d states visited%n",
            result.model(), result.operationCount(), result.keys().size(), result.keys().size() == 1 ? "key" : "keys",
            result.failedCount(),
            result.elapsedNs() / 1_000_000, result.visitedStates());
        for (KeyResult failure : result.failures()) {
            out.printf("key %s (%d operations): not linearizable%n", failure.keyLabel(), failure.operationCount());
            out.print("  " + failure.stuckPoint().describe(prefixOperationsShown));
        }
        List<KeyResult> unknown = result.unknown();
        if (!unknown.isEmpty()) {
            out.printf("undecided keys: %s%n", unknown.stream().map(KeyResult::keyLabel).toList());
        }
        out.flush();
    }

    static Map<String, Object> document(Path file, LinearizabilityResult result, int prefixOperationsShown) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("file", file.toString());
        document.put("model", result.model());
        document.put("linearizable", result.verdict().asBoolean());
        document.put("operations", result.operationCount());
        document.put("failedOperations", result.failedCount());
        document.put("keys", result.keys().size());
        document.put("elapsedMs", result.elapsedNs() / 1_000_000);
        document.put("visitedStates", result.visitedStates());
        document.put("unknownKeys", result.unknown().stream().map(KeyResult::key).toList());
        List<Map<String, Object>> failures = new ArrayList<>();
        for (KeyResult failure : result.failures()) {
            failures.add(failure(failure, prefixOperationsShown));
        }
        document.put("failures", failures);
        return document;
    }

    private static Map<String, Object> failure(KeyResult failure, int prefixOperationsShown) {
        StuckPoint stuck = failure.stuckPoint();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("key", failure.key());
        item.put("keyOperations", failure.operationCount());
        List<Map<String, Object>> operations = new ArrayList<>();
        for (StuckPoint.Candidate candidate : stuck.candidates()) {
            Map<String, Object> operation = operation(candidate.operation());
            operation.put("possibleAfterPrefix", candidate.possibleInState());
            operation.put("reason", candidate.reason(stuck.stateAfterPrefix()));
            operations.add(operation);
        }
        item.put("operations", operations);
        item.put("stateAfterPrefix", stuck.stateAfterPrefix());
        item.put("linearizedPrefixLength", stuck.linearizedPrefix().size());
        item.put("linearizedPrefixInvokeLines", stuck.linearizedPrefix().stream().map(Operation::invokeLine).toList());
        List<Operation> prefix = stuck.linearizedPrefix();
        int shown = Math.min(prefixOperationsShown, prefix.size());
        item.put("linearizedPrefixTail", prefix.subList(prefix.size() - shown, prefix.size()).stream()
            .map(CheckLinearizableReport::operation).toList());
        return item;
    }

    private static Map<String, Object> operation(Operation operation) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("process", operation.process());
        item.put("f", operation.f());
        if (operation.key() != null) {
            item.put("key", operation.key());
        }
        item.put("value", operation.input());
        JsonNode output = operation.output();
        if (output != null) {
            item.put("result", output);
        }
        item.put("status", operation.status());
        item.put("invokeLine", operation.invokeLine());
        item.put("completionLine", operation.completionLine() == 0 ? null : operation.completionLine());
        item.put("description", operation.describe());
        return item;
    }
}
