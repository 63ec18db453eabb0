package npukit.isa;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Bytes placed in HBM at an address before the program runs. The array is copied in and out, so
 * the segment stays immutable; equality compares the contents.
 *
 * @param address first HBM byte, at least 0
 * @param bytes   the contents, at least one byte
 */
public record HbmSegment(long address, byte[] bytes) {

    public HbmSegment {
        if (address < 0) {
            throw new IllegalArgumentException("HBM segment address = " + address + ": must be at least 0");
        }
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("HBM segment at 0x" + Long.toHexString(address)
                    + ": bytes = " + (bytes == null ? "null" : "[]") + ": must hold at least one byte");
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** One past the last byte. */
    public long end() {
        return address + bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HbmSegment s && s.address == address && Arrays.equals(s.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(address) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 16));
        return "HbmSegment[address=0x" + Long.toHexString(address) + ", length=" + bytes.length + ", bytes=" + head
                + (bytes.length > 16 ? "..." : "") + "]";
    }
}
