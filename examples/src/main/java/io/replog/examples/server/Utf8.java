package io.replog.examples.server;

import java.nio.charset.StandardCharsets;

final class Utf8 {
    private Utf8() {
    }

    static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
