package npukit.sim.fpga;

/**
 * Block RAMs a memory needs, computed from its dimensions and ports, never from a synthesis run.
 *
 * <p>One 1-write/1-read copy packs into the block RAM mode (aspect ratio) that needs the fewest
 * blocks. A memory with R read ports and W write ports is built the way FPGA tools and designers
 * build multi-ported memories from dual-port blocks: replicated once per read port, and (for W > 1)
 * banked once per write port with a live-value table choosing the bank that was written last
 * (LaForest and Steffan, "Efficient Multi-Ported Memories for FPGAs", FPGA 2010): R x W copies. The
 * live-value table (depth x log2(W) bits) is not counted. FPGA block RAMs read synchronously, while
 * the RTL's memories read asynchronously: the count is for the same memory with registered reads.
 */
public final class BlockRams {

    private BlockRams() {
    }

    /** Blocks of one 1-write/1-read copy of a depth x width memory. */
    public static long perCopy(FpgaFamily family, long depth, int width, boolean byteMasked) {
        long best = Long.MAX_VALUE;
        for (FpgaFamily.Mode mode : family.modes()) {
            int w = byteMasked ? mode.byteWidth() : mode.width();
            long blocks = ceilDiv(depth, mode.depth()) * ceilDiv(width, w);
            best = Math.min(best, blocks);
        }
        return best;
    }

    /** Copies a memory of these ports needs: one per read port, times one bank per write port. */
    public static int copies(int readPorts, int writePorts) {
        return Math.max(1, readPorts) * Math.max(1, writePorts);
    }

    /** Blocks of a whole memory, all copies. */
    public static long blocks(FpgaFamily family, long depth, int width, boolean byteMasked, int readPorts,
            int writePorts) {
        return perCopy(family, depth, width, byteMasked) * copies(readPorts, writePorts);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
