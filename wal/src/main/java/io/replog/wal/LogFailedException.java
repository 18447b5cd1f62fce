package io.replog.wal;

import java.io.IOException;

/**
 * The log failed to make data durable and stopped: after a failed fsync the kernel may have dropped
 * the dirty pages, so retrying could report durability that does not exist. Close the log and
 * reopen it (or restart the node): recovery reads what really is on disk.
 */
public final class LogFailedException extends IOException {
    public LogFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
