package io.replog.replication.sim;

/**
 * Which directed links are cut. Partitions, asymmetric cuts and flapping links are all expressed
 * as sets of cut links; messages crossing a cut link when they arrive are lost.
 * <p>
 * Invariant: {@code cut[i][i]} is always false (a node always reaches itself).
 */
final class Network {
    private final boolean[][] cut;

    Network(int nodeCount) {
        cut = new boolean[nodeCount + 1][nodeCount + 1];
    }

    boolean connected(int from, int to) {
        return !cut[from][to];
    }

    void setCut(int from, int to, boolean isCut) {
        if (from != to) {
            cut[from][to] = isCut;
        }
    }

    /** Cuts both directions between {@code side} and everyone else. */
    void partition(boolean[] side) {
        for (int a = 1; a < cut.length; a++) {
            for (int b = 1; b < cut.length; b++) {
                if (side[a] != side[b]) {
                    cut[a][b] = true;
                }
            }
        }
    }

    void healAll() {
        for (boolean[] row : cut) {
            java.util.Arrays.fill(row, false);
        }
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        for (int a = 1; a < cut.length; a++) {
            for (int b = 1; b < cut.length; b++) {
                if (cut[a][b]) {
                    out.append(out.length() == 0 ? "" : " ").append(a).append("-x->").append(b);
                }
            }
        }
        return out.length() == 0 ? "fully connected" : out.toString();
    }
}
