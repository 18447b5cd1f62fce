package io.replog.examples.kv;

import io.replog.replication.StateMachine;
import org.agrona.DirectBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key-value store replicated as a state machine: put, get, append, delete and compare-and-set on
 * string values, with client sessions so that a retried command is applied once.
 * <p>
 * Deterministic by construction: sorted maps (snapshot bytes are identical on every replica for the
 * same applied index), no clock, no randomness. A snapshot view copies the maps on the applying
 * thread; that copy is linear in the state size, which suits an example — a production store would
 * use a persistent map to make the view O(1).
 */
public final class KvStateMachine implements StateMachine {
    private static final int SNAPSHOT_MAGIC = 0x4B565331; // "KVS1"

    private final TreeMap<String, String> values = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private long lastAppliedIndex;

    /** The last command a client had applied, and its answer, for answering retries. */
    private record Session(long sequence, byte[] result) {
    }

    public KvStateMachine() {
    }

    @Override
    public byte[] apply(long index, DirectBuffer command, int offset, int length) {
        lastAppliedIndex = index;
        KvCommand decoded;
        try {
            decoded = KvCommand.decode(command, offset, length);
        } catch (IllegalArgumentException e) {
            return new KvResult(KvResult.Status.MALFORMED, e.getMessage()).encode();
        }
        if (decoded.clientId() != 0) {
            Session session = sessions.get(decoded.clientId());
            if (session != null && decoded.sequence() == session.sequence()) {
                return session.result();
            }
            if (session != null && decoded.sequence() < session.sequence()) {
                return new KvResult(KvResult.Status.STALE_REQUEST, null).encode();
            }
        }
        byte[] result = execute(decoded).encode();
        if (decoded.clientId() != 0) {
            sessions.put(decoded.clientId(), new Session(decoded.sequence(), result));
        }
        return result;
    }

    private KvResult execute(KvCommand command) {
        String key = command.key();
        String current = values.get(key);
        return switch (command.op()) {
            case GET -> new KvResult(KvResult.Status.OK, current);
            case PUT -> {
                values.put(key, command.value());
                yield new KvResult(KvResult.Status.OK, current);
            }
            case APPEND -> {
                String appended = (current == null ? "" : current) + command.value();
                values.put(key, appended);
                yield new KvResult(KvResult.Status.OK, appended);
            }
            case DELETE -> {
                values.remove(key);
                yield new KvResult(KvResult.Status.OK, current);
            }
            case CAS -> {
                boolean matches = command.expected() == null ? current == null : command.expected().equals(current);
                if (matches) {
                    values.put(key, command.value());
                    yield new KvResult(KvResult.Status.OK, command.value());
                }
                yield new KvResult(KvResult.Status.CAS_FAILED, current);
            }
        };
    }

    /** Reads a key without going through the log (for linearizable reads after a ReadIndex, and tests). */
    public String get(String key) {
        return values.get(key);
    }

    public int size() {
        return values.size();
    }

    public long lastAppliedIndex() {
        return lastAppliedIndex;
    }

    @Override
    public SnapshotView snapshot() {
        TreeMap<String, String> valuesCopy = new TreeMap<>(values);
        TreeMap<Long, Session> sessionsCopy = new TreeMap<>(sessions);
        long index = lastAppliedIndex;
        return out -> write(new DataOutputStream(out), index, valuesCopy, sessionsCopy);
    }

    private static void write(DataOutputStream out, long index, TreeMap<String, String> values,
                              TreeMap<Long, Session> sessions) throws IOException {
        out.writeInt(SNAPSHOT_MAGIC);
        out.writeLong(index);
        out.writeInt(values.size());
        for (Map.Entry<String, String> entry : values.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
        out.writeInt(sessions.size());
        for (Map.Entry<Long, Session> entry : sessions.entrySet()) {
            out.writeLong(entry.getKey());
            out.writeLong(entry.getValue().sequence());
            out.writeInt(entry.getValue().result().length);
            out.write(entry.getValue().result());
        }
        out.flush();
    }

    /** Length-prefixed UTF-8: unlike writeUTF, values of any length. */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("damaged key-value snapshot: negative string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void restore(InputStream snapshot) throws IOException {
        DataInputStream in = new DataInputStream(snapshot);
        int magic = in.readInt();
        if (magic != SNAPSHOT_MAGIC) {
            throw new IOException("not a key-value snapshot: magic " + Integer.toHexString(magic));
        }
        TreeMap<String, String> restoredValues = new TreeMap<>();
        TreeMap<Long, Session> restoredSessions = new TreeMap<>();
        long index = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            restoredValues.put(readString(in), readString(in));
        }
        for (int i = in.readInt(); i > 0; i--) {
            long clientId = in.readLong();
            long sequence = in.readLong();
            byte[] result = new byte[in.readInt()];
            in.readFully(result);
            restoredSessions.put(clientId, new Session(sequence, result));
        }
        values.clear();
        values.putAll(restoredValues);
        sessions.clear();
        sessions.putAll(restoredSessions);
        lastAppliedIndex = index;
    }
}
