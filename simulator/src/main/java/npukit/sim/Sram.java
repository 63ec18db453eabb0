package npukit.sim;

import npukit.isa.MemorySpace;

/** The two on-chip memories, held together so a unit can reach the one an instruction names. */
public final class Sram {

    private final RowMemory sp;
    private final RowMemory acc;

    public Sram(RowMemory sp, RowMemory acc) {
        this.sp = sp;
        this.acc = acc;
    }

    public RowMemory sp() {
        return sp;
    }

    public RowMemory acc() {
        return acc;
    }

    public RowMemory get(MemorySpace mem) {
        return mem == MemorySpace.SP ? sp : acc;
    }
}
