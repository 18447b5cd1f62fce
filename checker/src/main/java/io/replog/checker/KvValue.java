package io.replog.checker;

/**
 * The string value of one kv key as a persistent list of appended pieces, so that an append costs
 * one small node instead of copying the whole string, and the search's cache can hold hundreds of
 * thousands of long values that share their prefixes. The hash is {@link String#hashCode()} of the
 * whole value, kept up to date incrementally ({@code h(s + t) = h(s) * 31^|t| + h(t)}), so comparing
 * with a string read by a {@code get} almost never has to build the string.
 */
final class KvValue {
    static final KvValue EMPTY = new KvValue(null, "", 0, 0);

    private final KvValue prefix;
    private final String piece;
    private final int length;
    private final int hash;

    private KvValue(KvValue prefix, String piece, int length, int hash) {
        this.prefix = prefix;
        this.piece = piece;
        this.length = length;
        this.hash = hash;
    }

    static KvValue of(String value) {
        return value.isEmpty() ? EMPTY : new KvValue(null, value, value.length(), value.hashCode());
    }

    KvValue append(String suffix) {
        if (suffix.isEmpty()) {
            return this;
        }
        int power = 1;
        for (int i = 0; i < suffix.length(); i++) {
            power *= 31;
        }
        return new KvValue(this, suffix, length + suffix.length(), hash * power + suffix.hashCode());
    }

    boolean sameAs(String value) {
        return length == value.length() && hash == value.hashCode() && toString().equals(value);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof KvValue)) {
            return false;
        }
        KvValue value = (KvValue) other;
        return length == value.length && hash == value.hash && toString().equals(value.toString());
    }

    @Override
    public String toString() {
        char[] text = new char[length];
        int end = length;
        for (KvValue node = this; node != null && node.length > 0; node = node.prefix) {
            end -= node.piece.length();
            node.piece.getChars(0, node.piece.length(), text, end);
        }
        return new String(text);
    }
}
