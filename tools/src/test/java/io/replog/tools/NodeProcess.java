package io.replog.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code replog node} child JVM: started with the test's classpath, its stdout parsed for role
 * lines ({@code TIME term T role ROLE leader L}), its stderr kept in a file for failure messages.
 */
final class NodeProcess {
    private static final Pattern ROLE_LINE = Pattern.compile("^\\S+ term (\\d+) role (\\w+) leader (\\w+)$");

    final int id;
    final Path directory;
    private final List<String> arguments;
    private final Path stderr;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Process process;
    private Thread reader;
    private volatile long term = -1;
    private volatile String role = "NONE";
    private volatile boolean started;
    private volatile boolean paused;

    NodeProcess(int id, Path directory, List<String> arguments, Path stderr) {
        this.id = id;
        this.directory = directory;
        this.arguments = arguments;
        this.stderr = stderr;
    }

    void start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.util.zip=ALL-UNNAMED");
        // Small, quick-starting JVMs: several share two cores with the test.
        command.add("-Xmx192m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Replog.class.getName());
        command.addAll(arguments);
        term = -1;
        role = "NONE";
        started = false;
        paused = false;
        // Stdout goes to a file that a thread tails: a pipe read by the process reaper's drain can lose the last lines.
        Path stdout = Files.createTempFile(stderr.getParent(), "node-" + id + "-", ".stdout");
        process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        Process current = process;
        reader = new Thread(() -> tailLines(current, stdout), "node-" + id + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Follows the stdout file until the process has exited and every line it wrote was read. */
    private void tailLines(Process current, Path stdout) {
        try (BufferedReader in = Files.newBufferedReader(stdout, StandardCharsets.UTF_8)) {
            StringBuilder partial = new StringBuilder();
            while (true) {
                boolean exited = !current.isAlive();
                int c;
                boolean any = false;
                while ((c = in.read()) >= 0) {
                    any = true;
                    if (c == '\n') {
                        onLine(partial.toString());
                        partial.setLength(0);
                    } else {
                        partial.append((char)c);
                    }
                }
                if (exited && !any) {
                    return;
                }
                if (!any) {
                    Thread.sleep(10);
                }
            }
        } catch (IOException | InterruptedException e) {
            // Stop following; what was read is kept.
        }
    }

    private void onLine(String line) {
        lines.add(line);
        if (line.startsWith("node " + id + " of cluster")) {
            started = true;
        }
        Matcher matcher = ROLE_LINE.matcher(line);
        if (matcher.matches()) {
            term = Long.parseLong(matcher.group(1));
            role = matcher.group(2);
        }
    }

    /** The {@code replog} arguments it runs with. */
    List<String> arguments() {
        return arguments;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Alive and not stopped with SIGSTOP: able to answer. */
    boolean serving() {
        return alive() && !paused && started;
    }

    long term() {
        return term;
    }

    boolean leads() {
        return "LEADER".equals(role);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + id + " survived SIGKILL");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** SIGTERM, then the exit status. */
    int terminate() throws IOException, InterruptedException {
        if (paused) {
            resume();
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + id + " did not stop within 60 s of SIGTERM; " + describe());
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    void pause() throws IOException, InterruptedException {
        signal("-STOP");
        paused = true;
    }

    void resume() throws IOException, InterruptedException {
        signal("-CONT");
        paused = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /** Last lines and stderr, for assertion messages. */
    String describe() {
        String errors;
        try {
            errors = Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            errors = "(stderr unreadable: " + e.getMessage() + ")";
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - 12), lines.size());
        return "node " + id + " (" + (alive() ? "alive" : "dead") + (paused ? ", paused" : "") + ", term " + term +
            ", role " + role + "): stdout " + tail + ", stderr: " + (errors.length() > 2_000 ?
            errors.substring(errors.length() - 2_000) : errors);
    }

    List<String> lines() {
        return lines;
    }

    /** For cleanup: continue and kill whatever is left. */
    void destroy() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            if (paused) {
                resume();
            }
        } catch (IOException | InterruptedException | AssertionError ignored) {
            // Killing it is what matters now.
        }
        process.destroyForcibly();
    }
}
