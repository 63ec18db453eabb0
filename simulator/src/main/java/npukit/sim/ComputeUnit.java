package npukit.sim;

import npukit.arch.config.ComputeTiming;
import npukit.arch.config.QuantConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * The compute unit: GEMM, QUANT and VALU with data-independent durations (microarchitecture.md,
 * "Compute unit"). An instruction's data effect is applied whole when it starts: tokens order every
 * other unit's access to its rows before its first cycle or after its last, so no other unit can
 * observe the rows in between.
 *
 * <p>On an array with two weight buffers a GEMM holds the unit only for its preload and stream; its
 * drain runs on while the next GEMM starts, so several instructions may be in progress at once. They
 * end in the order they started (each drain is R + C - 1 cycles long and the streams follow one
 * another), and the unit keeps them in a ring in that order. Applying data at the start stays exact:
 * a later GEMM's accumulator reads come after an earlier one's writes of the same rows.
 */
final class ComputeUnit implements ExecutionUnit {

    private static final long NEVER = Long.MIN_VALUE / 4;

    private final ComputeTiming timing;
    private final GemmDataflow dataflow;
    private final Sram sram;
    private final QuantLanes lanes;
    private final VectorAlu alu;

    // Instructions in progress, oldest first, in a ring: index, first cycle, last cycle, GEMM or not.
    private final int[] index;
    private final long[] first;
    private final long[] last;
    private final boolean[] gemm;
    private int oldest;
    private int inFlight;
    private int gemmsInFlight;

    /** The first cycle in which the unit may start another instruction. */
    private long free;
    /** The weight buffer the latest GEMM streamed through, and each buffer's last streaming cycle. */
    private int buffer;
    private final long[] lastStream = {NEVER, NEVER};

    private long spReads;
    private long spWrites;
    private long accReads;
    private long accWrites;
    private long macs;

    /** {@code sram} is null in timing-only mode, which skips all data work. */
    ComputeUnit(Geometry geometry, QuantConfig quant, Sram sram) {
        this.timing = geometry.computeTiming();
        this.dataflow = GemmDataflow.of(geometry);
        this.sram = sram;
        this.lanes = sram == null ? null : new QuantLanes(geometry, quant);
        this.alu = new VectorAlu(geometry);
        // Every instruction holds the unit at least a cycle, and the newest ends at most a drain after the
        // oldest started streaming its last row.
        int capacity = timing.overlapsGemms() ? Math.toIntExact(timing.gemmFill()) + 2 : 1;
        this.index = new int[capacity];
        this.first = new long[capacity];
        this.last = new long[capacity];
        this.gemm = new boolean[capacity];
    }

    /** True while any instruction is in progress (from its first through its last cycle). */
    @Override
    public boolean busy() {
        return inFlight > 0;
    }

    /** True while a GEMM is in progress: the array is busy. */
    boolean gemmInProgress() {
        return gemmsInFlight > 0;
    }

    /** True if in cycle {@code t} the unit holds no instruction's preload, stream or whole duration. */
    boolean accepting(long t) {
        return t >= free;
    }

    /**
     * True if {@code ins}, with its tokens available, may start in cycle {@code t} of an accepting unit:
     * a QUANT or VALU waits for every GEMM's drain (it reads or writes rows the drain may still
     * write), and a preloading GEMM for the buffer it overwrites to have been streamed through.
     */
    boolean clear(long t, Instruction ins) {
        if (!(ins instanceof Instruction.Gemm g)) {
            return inFlight == 0;
        }
        return !g.preload() || !timing.overlapsGemms() || t >= timing.bufferFreeAfter(lastStream[1 - buffer]);
    }

    /**
     * The last cycle, from {@code t} on, up to which the unit's state cannot change by itself: the
     * oldest instruction's last cycle, or the cycle before the unit accepts again or before the other
     * weight buffer is free. {@link Long#MAX_VALUE} when nothing is in progress.
     */
    long steadyUntil(long t) {
        long until = inFlight > 0 ? last[oldest] : Long.MAX_VALUE;
        if (free - 1 >= t) {
            until = Math.min(until, free - 1);
        }
        long other = timing.overlapsGemms() ? timing.bufferFreeAfter(lastStream[1 - buffer]) - 1 : -1;
        if (other >= t) {
            until = Math.min(until, other);
        }
        return until;
    }

    @Override
    public void start(long cycle, int index, Instruction ins) {
        if (sram != null) {
            if (ins instanceof Instruction.Gemm g) {
                dataflow.execute(g, sram);
            } else if (ins instanceof Instruction.Quant q) {
                lanes.execute(index, q, sram);
            } else if (ins instanceof Instruction.Valu v) {
                alu.execute(v, sram);
            }
        }
        ComputeCost cost = ComputeCost.of(ins, dataflow, timing);
        spReads += cost.spReads();
        spWrites += cost.spWrites();
        accReads += cost.accReads();
        accWrites += cost.accWrites();
        macs += cost.macs();
        boolean isGemm = ins instanceof Instruction.Gemm;
        long held = cost.duration();
        if (isGemm && timing.overlapsGemms()) {
            held -= timing.gemmFill();
            if (((Instruction.Gemm) ins).preload()) {
                buffer = 1 - buffer;
            }
            lastStream[buffer] = cycle + held - 1;
        }
        free = cycle + held;
        int slot = (oldest + inFlight) % this.index.length;
        this.index[slot] = index;
        first[slot] = cycle;
        last[slot] = cycle + cost.duration() - 1;
        gemm[slot] = isGemm;
        inFlight++;
        if (isGemm) {
            gemmsInFlight++;
        }
    }

    /** The oldest instruction in progress: its index, first and last cycle; meaningful while {@link #busy()}. */
    int oldestIndex() {
        return index[oldest];
    }

    long oldestFirstCycle() {
        return first[oldest];
    }

    long lastCycle() {
        return last[oldest];
    }

    /** Ends the oldest instruction in progress after its last cycle. */
    @Override
    public void finish() {
        if (gemm[oldest]) {
            gemmsInFlight--;
        }
        oldest = (oldest + 1) % index.length;
        inFlight--;
    }

    long spReads() {
        return spReads;
    }

    long spWrites() {
        return spWrites;
    }

    long accReads() {
        return accReads;
    }

    long accWrites() {
        return accWrites;
    }

    long macs() {
        return macs;
    }
}
