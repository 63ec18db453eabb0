package npukit.isa;

/** Bit fields of a 128-bit word held as {lo, hi}; fields may straddle bit 64. */
final class Bits {

    private Bits() {
    }

    static long mask(int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** Writes the low {@code width} bits of value at offset; the field must be zero before. */
    static void put(long[] word, int offset, int width, long value) {
        long v = value & mask(width);
        if (offset < 64) {
            word[0] |= v << offset;
            if (offset + width > 64) {
                word[1] |= v >>> (64 - offset);
            }
        } else {
            word[1] |= v << (offset - 64);
        }
    }

    /** The unsigned value of the field. */
    static long get(long[] word, int offset, int width) {
        long v;
        if (offset < 64) {
            v = word[0] >>> offset;
            if (offset + width > 64) {
                v |= word[1] << (64 - offset);
            }
        } else {
            v = word[1] >>> (offset - 64);
        }
        return v & mask(width);
    }

    /** Whether any bit at or above {@code from} is set. */
    static boolean anySetFrom(long[] word, int from) {
        if (from >= 128) {
            return false;
        }
        if (from >= 64) {
            return (word[1] >>> (from - 64)) != 0;
        }
        return (word[0] >>> from) != 0 || word[1] != 0;
    }

    static byte[] toBytes(long[] word) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (word[0] >>> (8 * i));
            b[8 + i] = (byte) (word[1] >>> (8 * i));
        }
        return b;
    }

    static long[] fromBytes(byte[] b, int at) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            lo |= (b[at + i] & 0xFFL) << (8 * i);
            hi |= (b[at + 8 + i] & 0xFFL) << (8 * i);
        }
        return new long[] {lo, hi};
    }

    static String hex(long[] word) {
        return String.format("0x%016x%016x", word[1], word[0]);
    }
}
