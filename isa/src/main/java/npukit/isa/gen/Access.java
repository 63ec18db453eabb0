package npukit.isa.gen;

/**
 * Bytes one instruction reads or writes in one memory: {@code rows} runs of {@code bytes} bytes, the
 * first at {@code base}, each {@code stride} after the previous. Scratchpad and accumulator memory
 * are addressed as flat byte arrays (row x row bytes + byte), so one form covers all three memories.
 */
record Access(Space space, boolean write, long base, long rows, long bytes, long stride) {

    /** The memories an instruction can touch. */
    enum Space {
        SP("sp"), ACC("acc"), HBM("HBM");

        private final String label;

        Space(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    Access {
        if (base < 0 || rows < 1 || bytes < 1 || stride < 0) {
            throw new IllegalArgumentException("access " + space + " base = " + base + ", rows = " + rows
                    + ", bytes = " + bytes + ", stride = " + stride + ": needs base, stride >= 0 and rows, bytes >= 1");
        }
    }

    /** Start of run r. */
    long runStart(long r) {
        return base + r * stride;
    }

    /** One past the last byte touched. */
    long end() {
        return runStart(rows - 1) + bytes;
    }
}
