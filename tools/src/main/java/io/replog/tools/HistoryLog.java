package io.replog.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client history in the JSON Lines format {@code replog check linearizable} reads, written as the
 * events happen (an invoke before the request leaves, its completion after the answer arrives), so
 * the file's order is real-time order.
 */
final class HistoryLog implements AutoCloseable {
    private final ObjectWriter json = new ObjectMapper().writer();
    private final BufferedWriter out;
    private final Path file;

    HistoryLog(Path file) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    Path file() {
        return file;
    }

    void invoke(long process, String f, String key, String value) {
        write(process, "invoke", f, key, value);
    }

    void ok(long process, String f, String key, String value) {
        write(process, "ok", f, key, value);
    }

    void info(long process, String f, String key, String value) {
        write(process, "info", f, key, value);
    }

    private synchronized void write(long process, String type, String f, String key, String value) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("process", process);
        event.put("type", type);
        event.put("f", f);
        event.put("key", key);
        event.put("value", value);
        try {
            out.write(json.writeValueAsString(event));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history to " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
