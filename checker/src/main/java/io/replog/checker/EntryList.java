package io.replog.checker;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The calls and returns of one key's operations as a doubly linked list in time order, the data
 * structure of Wing and Gong's search as improved by Lowe: linearizing an operation {@link #lift lifts}
 * its call and return out of the list; backtracking {@link #unlift unlifts} them back in, in LIFO order,
 * dancing-links style.
 *
 * <p>Entries are ints: 0 is the head sentinel, entry {@code 2i+1} is the call of operation {@code i} and
 * {@code 2i+2} its return. {@link #END} marks the end of the list. Operations whose outcome is unknown
 * return at +infinity, after every known return (ties broken by operation order), so the search never
 * has to linearize them before anything else.
 */
final class EntryList {
    static final int HEAD = 0;
    static final int END = -1;

    private final int[] next;
    private final int[] prev;

    EntryList(List<Operation> operations) {
        int entryCount = 2 * operations.size();
        Integer[] order = IntStream.rangeClosed(1, entryCount).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(entry -> time(operations, entry))
            .thenComparingInt(entry -> entry));
        next = new int[entryCount + 1];
        prev = new int[entryCount + 1];
        int last = HEAD;
        for (int entry : order) {
            next[last] = entry;
            prev[entry] = last;
            last = entry;
        }
        next[last] = END;
    }

    private static long time(List<Operation> operations, int entry) {
        Operation operation = operations.get(operation(entry));
        return isCall(entry) ? operation.callTime() : operation.returnTime();
    }

    static boolean isCall(int entry) {
        return (entry & 1) == 1;
    }

    /** The operation (index into the key's list) of a call or return entry. */
    static int operation(int entry) {
        return (entry - 1) >> 1;
    }

    static int call(int operation) {
        return 2 * operation + 1;
    }

    private static int returnOf(int call) {
        return call + 1;
    }

    int first() {
        return next[HEAD];
    }

    int next(int entry) {
        return next[entry];
    }

    boolean isEmpty() {
        return next[HEAD] == END;
    }

    /** Takes a call and its return out of the list. */
    void lift(int call) {
        remove(call);
        remove(returnOf(call));
    }

    /** Puts back the last lifted call and its return. */
    void unlift(int call) {
        restore(returnOf(call));
        restore(call);
    }

    private void remove(int entry) {
        next[prev[entry]] = next[entry];
        if (next[entry] != END) {
            prev[next[entry]] = prev[entry];
        }
    }

    private void restore(int entry) {
        next[prev[entry]] = entry;
        if (next[entry] != END) {
            prev[next[entry]] = entry;
        }
    }
}
