package io.replog.checker;

/**
 * A history file that cannot be read: the message names the file, the line and what is wrong,
 * for example {@code h.jsonl:12: an ok event for process 3, which has no invoke in progress}.
 */
public final class HistoryFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;

    public HistoryFormatException(String source, long line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** The line of the file where the problem is, from 1. */
    public long line() {
        return line;
    }
}
