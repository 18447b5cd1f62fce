package io.replog.snapshot;

import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.ReadableFile;
import io.replog.wal.storage.Storage;
import io.replog.wal.storage.WritableFile;
import org.agrona.concurrent.AtomicBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link Storage} that dies right after its N-th mutating call (create, write, force, close,
 * rename, delete, directory sync), shared through a {@link Countdown} across several directories.
 * Once dead, every call throws {@link Crash} without touching the disk, as a killed process would
 * do nothing more. The test then crashes the simulated disk and inspects what survived.
 */
final class CrashingStorage implements Storage {
    /** The simulated process death. Unchecked, so that no production catch block handles it as an IO error. */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash(String step) {
            super("simulated crash after " + step);
        }
    }

    /** Counts mutating calls and marks the process dead after call number {@code crashAfterCall}. */
    static final class Countdown {
        private final long crashAfterCall;
        private long calls;
        private boolean dead;
        private String lastStep = "nothing";

        Countdown(long crashAfterCall) {
            this.crashAfterCall = crashAfterCall;
        }

        synchronized void beforeCall() {
            if (dead) {
                throw new Crash(lastStep + " (process already dead)");
            }
        }

        synchronized void afterStep(String step) {
            calls++;
            lastStep = step;
            if (calls == crashAfterCall) {
                dead = true;
                throw new Crash("step " + calls + ": " + step);
            }
        }

        synchronized long calls() {
            return calls;
        }

        synchronized boolean dead() {
            return dead;
        }

        synchronized String lastStep() {
            return lastStep;
        }
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private final Storage delegate;
    private final Countdown countdown;

    CrashingStorage(Storage delegate, Countdown countdown) {
        this.delegate = delegate;
        this.countdown = countdown;
    }

    private <T> T step(String step, IoCall<T> call) throws IOException {
        countdown.beforeCall();
        T result = call.run();
        countdown.afterStep(step + " " + delegate.describe());
        return result;
    }

    private <T> T read(IoCall<T> call) throws IOException {
        countdown.beforeCall();
        return call.run();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public boolean exists() {
        countdown.beforeCall();
        return delegate.exists();
    }

    @Override
    public void createDirectory() throws IOException {
        step("createDirectory", () -> {
            delegate.createDirectory();
            return null;
        });
    }

    @Override
    public List<String> list() throws IOException {
        return read(delegate::list);
    }

    @Override
    public boolean exists(String name) {
        countdown.beforeCall();
        return delegate.exists(name);
    }

    @Override
    public long size(String name) throws IOException {
        return read(() -> delegate.size(name));
    }

    @Override
    public MappedFile createMapped(String name, int lengthBytes) throws IOException {
        return step("createMapped " + name, () -> mapped(delegate.createMapped(name, lengthBytes)));
    }

    @Override
    public MappedFile openMapped(String name, boolean readOnly) throws IOException {
        return read(() -> mapped(delegate.openMapped(name, readOnly)));
    }

    @Override
    public WritableFile createWritable(String name) throws IOException {
        WritableFile file = step("createWritable " + name, () -> delegate.createWritable(name));
        return new WritableFile() {
            @Override
            public void write(ByteBuffer source) throws IOException {
                step("write " + name, () -> {
                    file.write(source);
                    return null;
                });
            }

            @Override
            public long position() {
                return file.position();
            }

            @Override
            public void force() throws IOException {
                step("force " + name, () -> {
                    file.force();
                    return null;
                });
            }

            @Override
            public void close() throws IOException {
                step("close " + name, () -> {
                    file.close();
                    return null;
                });
            }
        };
    }

    @Override
    public ReadableFile openReadable(String name) throws IOException {
        ReadableFile file = read(() -> delegate.openReadable(name));
        return new ReadableFile() {
            @Override
            public int read(ByteBuffer destination, long position) throws IOException {
                return CrashingStorage.this.read(() -> file.read(destination, position));
            }

            @Override
            public long size() throws IOException {
                return CrashingStorage.this.read(file::size);
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    @Override
    public void rename(String from, String to) throws IOException {
        step("rename " + from + " to " + to, () -> {
            delegate.rename(from, to);
            return null;
        });
    }

    @Override
    public void delete(String name) throws IOException {
        step("delete " + name, () -> {
            delegate.delete(name);
            return null;
        });
    }

    @Override
    public void syncDirectory() throws IOException {
        step("syncDirectory", () -> {
            delegate.syncDirectory();
            return null;
        });
    }

    @Override
    public AutoCloseable lock() throws IOException {
        return read(delegate::lock);
    }

    private MappedFile mapped(MappedFile file) {
        return new MappedFile() {
            @Override
            public String name() {
                return file.name();
            }

            @Override
            public AtomicBuffer buffer() {
                return file.buffer();
            }

            @Override
            public int lengthBytes() {
                return file.lengthBytes();
            }

            @Override
            public void write(java.nio.ByteBuffer source, int position) throws IOException {
                step("write mapped " + file.name(), () -> {
                    file.write(source, position);
                    return null;
                });
            }

            @Override
            public void force(int position, int length) throws IOException {
                step("force mapped " + file.name(), () -> {
                    file.force(position, length);
                    return null;
                });
            }

            @Override
            public void close() {
                file.close();
            }
        };
    }
}
