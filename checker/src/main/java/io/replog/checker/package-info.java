/**
 * Offline checkers for histories recorded by replog's tests, demos and users' own clients.
 *
 * <h2>Linearizability</h2>
 * <p>{@link io.replog.checker.HistoryReader} reads a history in JSON Lines, Jepsen style, one event per
 * line: {@code {"process": 3, "type": "invoke"|"ok"|"fail"|"info", "f": ..., "key": ..., "value": ...}}.
 * Events are paired per process into {@link io.replog.checker.Operation}s; {@code fail}ed operations
 * are dropped (they took no effect); {@code info} and never-completed ones may or may not have taken
 * effect and return at +infinity. Times are line numbers, so every report points at lines of the file.
 * A {@link io.replog.checker.Model} ({@link io.replog.checker.RegisterModel},
 * {@link io.replog.checker.KvModel}) is the sequential specification of one key.
 *
 * <p>{@link io.replog.checker.LinearizabilityChecker} splits the history by key (P-compositionality)
 * and runs a {@link io.replog.checker.KeySearch} per key: the Wing-Gong search with Lowe's cache of
 * visited (linearized set, state) pairs over a lift/unlift {@link io.replog.checker.EntryList}, as
 * porcupine does, plus a sound reduction for read-only operations. A {@link io.replog.checker.Budget}
 * (timeout, cache memory) turns a search that would run too long into {@link io.replog.checker.Verdict#UNKNOWN}.
 * A failing key comes with a {@link io.replog.checker.StuckPoint}: the longest linearizable prefix
 * found, the state after it, and the operations none of which can come next.
 *
 * <h2>Primary order</h2>
 * <p>{@link io.replog.checker.DeliveryHistoryReader} reads what each replica of a primary-backup service
 * delivered ({@code {"type": "deliver", "replica": "a", "epoch": 1, "counter": 2}}) and which deltas
 * are committed ({@code {"type": "commit", "epoch": 1, "counter": 2}});
 * {@link io.replog.checker.PrimaryOrderChecker} checks Zab's primary order on it and describes each
 * {@link io.replog.checker.PrimaryOrderViolation} in words.
 *
 * <p>Both are reached from the command line as {@code replog check linearizable} and
 * {@code replog check primary-order}.
 */
package io.replog.checker;
