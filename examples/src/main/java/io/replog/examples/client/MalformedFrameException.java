package io.replog.examples.client;

import java.io.IOException;

/** A frame broke the {@link ClientProtocolDescriptor protocol}; the connection it came on must be closed. */
public final class MalformedFrameException extends IOException {
    public MalformedFrameException(String message) {
        super(message);
    }
}
