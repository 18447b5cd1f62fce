package io.replog.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The peer's figures, and how it was made durable: {@code syncMode} and {@code syncEveryAppends}
 * (absent when it did not sync at all).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PeerFigures(@JsonUnwrapped SystemFigures figures, String syncMode, Integer syncEveryAppends) {
}
