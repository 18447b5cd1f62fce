package io.replog.replication.raft;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A batch of entries in one array that grows to its high-water mark and is then reused: the entries of a
 * Ready, of a message, of committed entries to apply, and of {@link MemoryLogStorage}.
 * <p>
 * Why not an {@code ArrayList}: these lists live long (they are reused), the entries put in them are young, and
 * under G1 every single store of a young object into an old array pays a write barrier with a memory fence.
 * {@link #addAll(List)} and {@link #addRange} copy runs of entries with {@code System.arraycopy} instead, which
 * marks the cards of the range once (and {@code ArrayList.addAll} would first copy the source into a new array).
 * <p>
 * Invariants: {@code 0 <= size <= elements.length}; slots at and after {@code size} are null.
 */
final class EntryList extends AbstractList<LogEntry> implements RandomAccess {
    private LogEntry[] elements;
    private int size;

    EntryList() {
        this(16);
    }

    EntryList(int initialCapacity) {
        this.elements = new LogEntry[Math.max(1, initialCapacity)];
    }

    @Override
    public LogEntry get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("entry " + index + " of " + size);
        }
        return elements[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean add(LogEntry entry) {
        ensureCapacity(size + 1);
        elements[size++] = entry;
        return true;
    }

    /** The backing array (entries at {@code [0, size())}), for a bulk copy out of it. */
    LogEntry[] array() {
        return elements;
    }

    /** Appends {@code source[from, from + count)}. */
    void addRange(LogEntry[] source, int from, int count) {
        ensureCapacity(size + count);
        System.arraycopy(source, from, elements, size, count);
        size += count;
    }

    /** Appends every entry of {@code source}: one array copy when it is an EntryList too. */
    void addAll(List<LogEntry> source, int from) {
        if (source instanceof EntryList batch) {
            addRange(batch.elements, from, batch.size - from);
            return;
        }
        for (int i = from; i < source.size(); i++) {
            add(source.get(i));
        }
    }

    /** Keeps the first {@code newSize} entries. */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("cannot keep " + newSize + " of " + size + " entries");
        }
        Arrays.fill(elements, newSize, size, null);
        size = newSize;
    }

    /** Drops the first {@code count} entries. */
    void removeFirst(int count) {
        System.arraycopy(elements, count, elements, 0, size - count);
        truncate(size - count);
    }

    @Override
    public void clear() {
        truncate(0);
    }

    private void ensureCapacity(int capacity) {
        if (capacity > elements.length) {
            elements = Arrays.copyOf(elements, Math.max(capacity, elements.length * 2));
        }
    }
}
