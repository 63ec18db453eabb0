package npukit.arch.config;

/**
 * The address mapping of microarchitecture.md ("HBM model"), as shifts and masks: every size in it is a
 * power of two (HbmConfig checks that) and addresses are never negative, so each division and modulo of
 * the spec's formulas is exactly a shift or a mask. The simulator's HBM model maps an address on every
 * request, and the compiler's cost model with the same mapping.
 */
public final class HbmAddressMap {

    private final int interleaveShift;
    private final long interleaveMask;
    private final int channelShift;
    private final int channelMask;
    private final int rowBytesShift;
    private final int bankMask;
    private final int rowShift;

    public HbmAddressMap(HbmConfig hbm) {
        interleaveShift = log2(hbm.interleaveBytes());
        interleaveMask = hbm.interleaveBytes() - 1;
        channelShift = log2(hbm.channels());
        channelMask = hbm.channels() - 1;
        rowBytesShift = log2(hbm.rowBytes());
        bankMask = hbm.banksPerChannel() - 1;
        rowShift = rowBytesShift + log2(hbm.banksPerChannel());
    }

    /** (addr / I) mod Nc */
    public int channel(long addr) {
        return (int) (addr >>> interleaveShift) & channelMask;
    }

    /** (addr / (I * Nc)) * I + addr mod I: the address within its channel. */
    public long local(long addr) {
        return ((addr >>> (interleaveShift + channelShift)) << interleaveShift) | (addr & interleaveMask);
    }

    /** (local / RB) mod Nb */
    public int bank(long local) {
        return (int) (local >>> rowBytesShift) & bankMask;
    }

    /** local / (RB * Nb) */
    public long row(long local) {
        return local >>> rowShift;
    }

    /** True if the first and last byte of [addr, addr + len) lie in different interleave blocks. */
    public boolean crossesInterleave(long addr, int len) {
        return addr >>> interleaveShift != (addr + len - 1) >>> interleaveShift;
    }

    private static int log2(long powerOfTwo) {
        if (powerOfTwo < 1 || Long.bitCount(powerOfTwo) != 1) {
            throw new IllegalArgumentException("HBM sizes must be powers of two, got " + powerOfTwo);
        }
        return Long.numberOfTrailingZeros(powerOfTwo);
    }
}
