package io.replog.tools;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, drawn only when a person is watching (a terminal). */
final class ProgressBar {
    private static final int WIDTH = 40;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean visible;
    private int drawnPercent = -1;

    private ProgressBar(PrintWriter err, String label, long total, boolean visible) {
        this.err = err;
        this.label = label;
        this.total = Math.max(1, total);
        this.visible = visible;
    }

    static ProgressBar onTerminal(PrintWriter err, String label, long total) {
        return new ProgressBar(err, label, total, System.console() != null);
    }

    void update(long done) {
        int percent = (int)(100 * done / total);
        if (!visible || percent == drawnPercent) {
            return;
        }
        drawnPercent = percent;
        int filled = percent * WIDTH / 100;
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% (" +
            done + "/" + total + ")");
        err.flush();
    }

    void done() {
        if (visible && drawnPercent >= 0) {
            err.println();
            err.flush();
        }
    }
}
