package io.replog.wal;

/**
 * A frame that cannot be served: where it is and why.
 *
 * @param index   the index the damaged frame should hold.
 * @param segment segment file name.
 * @param offset  byte offset of the frame within the segment.
 * @param reason  what is wrong, in words.
 */
public record Corruption(long index, String segment, long offset, String reason) {
    public String describe() {
        return "segment " + segment + " is corrupt at offset " + offset + " (index " + index + "): " + reason;
    }
}
