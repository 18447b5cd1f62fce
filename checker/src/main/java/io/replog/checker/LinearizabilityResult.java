package io.replog.checker;

import java.util.List;

/**
 * The verdict on a whole history: not linearizable if any key is not, unknown if the budget ran
 * out on some key and no key failed, linearizable otherwise.
 *
 * @param keys          one result per key, in order of first appearance; keys never searched because
 *                      the budget ran out first are UNKNOWN
 * @param elapsedNs     time spent searching (reading the file not included)
 * @param visitedStates (linearized set, state) pairs the search cached, over all keys
 */
public record LinearizabilityResult(String source, String model, Verdict verdict, int operationCount,
                                    int failedCount, List<KeyResult> keys, long elapsedNs, long visitedStates) {
    public LinearizabilityResult {
        keys = List.copyOf(keys);
    }

    public List<KeyResult> failures() {
        return keys.stream().filter(k -> k.verdict() == Verdict.NOT_LINEARIZABLE).toList();
    }

    public List<KeyResult> unknown() {
        return keys.stream().filter(k -> k.verdict() == Verdict.UNKNOWN).toList();
    }
}
