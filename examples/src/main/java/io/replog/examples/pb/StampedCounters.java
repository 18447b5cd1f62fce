package io.replog.examples.pb;

import io.replog.replication.StateMachine;
import io.replog.replication.pb.PrimaryBackupService;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Named counters whose every increment is stamped with the primary's wall clock and a random id: a
 * service state machine replication cannot replicate as commands (each replica would read its own
 * clock and draw its own number), and primary-backup replicates as deltas ("counter c is now
 * (7, 1764288000123, 0x5eed)").
 * <p>
 * Client sessions make retries safe: the delta also records the client's last sequence and its
 * answer, so a retried request is answered from the session instead of incrementing twice.
 */
public final class StampedCounters implements PrimaryBackupService {
    private final LongSupplier clockMillis;
    private final Random random;
    private final TreeMap<String, Stamp> counters = new TreeMap<>();
    private final TreeMap<Long, Session> sessions = new TreeMap<>();

    private record Session(long sequence, Stamp answer) {
    }

    /** A request older than its client's last: its answer is no longer kept, and it must not run again. */
    public static final class StaleRequestException extends IllegalArgumentException {
        StaleRequestException(String message) {
            super(message);
        }
    }

    /** Reads the system clock and draws ids from a {@link SecureRandom}. */
    public StampedCounters() {
        this(System::currentTimeMillis, new SecureRandom());
    }

    public StampedCounters(LongSupplier clockMillis, Random random) {
        this.clockMillis = clockMillis;
        this.random = random;
    }

    @Override
    public Execution execute(DirectBuffer request, int offset, int length) {
        CounterRequest decoded = CounterRequest.decode(request, offset, length);
        if (decoded.clientId() != 0) {
            Session session = sessions.get(decoded.clientId());
            if (session != null && decoded.sequence() == session.sequence()) {
                return Execution.readOnly(session.answer().encode());
            }
            if (session != null && decoded.sequence() < session.sequence()) {
                throw new StaleRequestException("request " + decoded.sequence() + " of client " + decoded.clientId() +
                    " is older than its last one (" + session.sequence() + "): its answer is no longer kept");
            }
        }
        Stamp current = counters.getOrDefault(decoded.name(), Stamp.ABSENT);
        if (decoded.op() == CounterRequest.Op.READ) {
            return Execution.readOnly(current.encode());
        }
        Stamp next = new Stamp(current.value() + decoded.amount(), clockMillis.getAsLong(), random.nextLong());
        return new Execution(encodeDelta(decoded.name(), next, decoded.clientId(), decoded.sequence()), next.encode());
    }

    /*
     * A delta: stamp (24 bytes) | client id (8) | sequence (8) | counter name (UTF-8), little-endian.
     */
    private static final int CLIENT_ID_OFFSET = Stamp.LENGTH;
    private static final int SEQUENCE_OFFSET = CLIENT_ID_OFFSET + 8;
    private static final int NAME_OFFSET = SEQUENCE_OFFSET + 8;

    static byte[] encodeDelta(String name, Stamp stamp, long clientId, long sequence) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        UnsafeBuffer delta = new UnsafeBuffer(new byte[NAME_OFFSET + nameBytes.length]);
        stamp.encode(delta, 0);
        delta.putLong(CLIENT_ID_OFFSET, clientId, ByteOrder.LITTLE_ENDIAN);
        delta.putLong(SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        delta.putBytes(NAME_OFFSET, nameBytes);
        return delta.byteArray();
    }

    /** A delta decoded: counter {@code name} is now {@code stamp}, set for {@code (clientId, sequence)}. */
    public record CounterDelta(String name, Stamp stamp, long clientId, long sequence) {
        public static CounterDelta decode(byte[] delta) {
            return decode(new UnsafeBuffer(delta), 0, delta.length);
        }

        static CounterDelta decode(DirectBuffer delta, int offset, int length) {
            if (length < NAME_OFFSET) {
                throw new IllegalArgumentException("a counter delta needs at least " + NAME_OFFSET + " bytes, got " + length);
            }
            byte[] name = new byte[length - NAME_OFFSET];
            delta.getBytes(offset + NAME_OFFSET, name);
            return new CounterDelta(new String(name, StandardCharsets.UTF_8), Stamp.decode(delta, offset),
                delta.getLong(offset + CLIENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN),
                delta.getLong(offset + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN));
        }
    }

    @Override
    public void apply(DirectBuffer delta, int offset, int length) {
        CounterDelta decoded = CounterDelta.decode(delta, offset, length);
        counters.put(decoded.name(), decoded.stamp());
        if (decoded.clientId() != 0) {
            sessions.put(decoded.clientId(), new Session(decoded.sequence(), decoded.stamp()));
        }
    }

    @Override
    public void reset() {
        counters.clear();
        sessions.clear();
    }

    @Override
    public StateMachine.SnapshotView snapshot() {
        Map<String, Stamp> countersCopy = new TreeMap<>(counters);
        Map<Long, Session> sessionsCopy = new TreeMap<>(sessions);
        return out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(countersCopy.size());
            for (Map.Entry<String, Stamp> counter : countersCopy.entrySet()) {
                data.writeUTF(counter.getKey());
                writeStamp(data, counter.getValue());
            }
            data.writeInt(sessionsCopy.size());
            for (Map.Entry<Long, Session> session : sessionsCopy.entrySet()) {
                data.writeLong(session.getKey());
                data.writeLong(session.getValue().sequence());
                writeStamp(data, session.getValue().answer());
            }
            data.flush();
        };
    }

    private static void writeStamp(DataOutputStream data, Stamp stamp) throws IOException {
        data.writeLong(stamp.value());
        data.writeLong(stamp.stampedAtMillis());
        data.writeLong(stamp.id());
    }

    private static Stamp readStamp(DataInputStream data) throws IOException {
        return new Stamp(data.readLong(), data.readLong(), data.readLong());
    }

    @Override
    public void restore(InputStream snapshot) throws IOException {
        DataInputStream data = new DataInputStream(snapshot);
        reset();
        int counterCount = data.readInt();
        for (int i = 0; i < counterCount; i++) {
            counters.put(data.readUTF(), readStamp(data));
        }
        int sessionCount = data.readInt();
        for (int i = 0; i < sessionCount; i++) {
            long clientId = data.readLong();
            sessions.put(clientId, new Session(data.readLong(), readStamp(data)));
        }
    }

    /** The counters as applied so far (a copy); on a primary this includes its speculative deltas. */
    public Map<String, Stamp> counters() {
        return new TreeMap<>(counters);
    }
}
