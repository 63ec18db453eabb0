package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ComputeTiming;
import npukit.arch.config.HbmConfig;
import npukit.isa.Geometry;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Instruction;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.TokenFlag;

/**
 * A lower bound on {@link CostModel#estimate}, from one pass over a program's instructions with no
 * schedule and no HBM state, so that the tiling search can skip estimating candidates that cannot come
 * within its margin of the best estimate (branch and bound). It must never exceed the estimate, or the
 * search would change its choice; it follows CostModel's rules:
 * <ul>
 * <li>each unit runs its instructions one after another, so the estimate is at least any unit's sum of
 *     durations; a compute instruction holds its unit its exact spec duration (at least 1), a GEMM whose
 *     drain overlaps the next (ComputeTiming.gemmOccupancy) its preload and stream;</li>
 * <li>a LOAD or STORE issues its R requests at most one a cycle and at most {@code dma-outstanding}
 *     before the oldest is accepted, and a request is accepted no sooner than row-hit latency plus one
 *     transfer cycle after issue: it occupies its unit at least max(R-1, floor((R-1)/o) (hit+2)) + hit+2
 *     cycles;</li>
 * <li>every request holds its channel ceil(len / bytes-per-cycle) cycles, so the busiest channel is busy
 *     at least the sum of those over the channels' count.</li>
 * </ul>
 */
final class EstimateBound {

    private final ComputeTiming timing;
    private final int channels;
    private final int outstanding;
    private final long hit;
    private final long burst;
    private final long bpc;
    private final long[] unitBusy = new long[8];
    private long channelCycles;
    private long value;

    /** An empty program's bound, to which instructions are added one by one as they are emitted. */
    EstimateBound(Geometry g, ChipConfig chip) {
        HbmConfig hbm = chip.hbm();
        this.timing = g.computeTiming();
        this.channels = hbm.channels();
        this.outstanding = chip.control().dmaOutstanding();
        this.hit = Math.min(hbm.rowHitCycles(), hbm.rowMissCycles());
        this.burst = hbm.burstBytes();
        this.bpc = hbm.bytesPerCyclePerChannel();
    }

    /** A lower bound on {@code CostModel.estimate(program, g, chip)}. */
    static long of(List<Instruction> program, Geometry g, ChipConfig chip) {
        EstimateBound bound = new EstimateBound(g, chip);
        for (Instruction ins : program) {
            bound.add(ins);
        }
        return bound.value();
    }

    /**
     * Adds the next instruction and returns the bound of the program so far. It never decreases as
     * instructions are added, so a search can stop emitting a candidate once it passes a limit.
     */
    long add(Instruction ins) {
        long busy;
        if (ins instanceof Instruction.Load l) {
            busy = dmaCycles(requests(l.hbm(), l.rows(), l.bytes(), l.stride(), burst), outstanding, hit);
            channelCycles += l.rows() * ceilDiv(l.bytes(), bpc);
        } else if (ins instanceof Instruction.Store s) {
            busy = dmaCycles(requests(s.hbm(), s.rows(), s.bytes(), s.stride(), burst), outstanding, hit);
            channelCycles += s.rows() * ceilDiv(s.bytes(), bpc);
        } else if (ins instanceof Instruction.Gemm m) {
            busy = Math.max(1, timing.gemmOccupancy(m.m(), m.k(), m.n(), m.preload()));
        } else if (ins instanceof Instruction.Quant q) {
            busy = Math.max(1, timing.quant(q.rows()));
        } else if (ins instanceof Instruction.Valu v) {
            busy = Math.max(1, timing.valu(v.rows()));
        } else {
            busy = 1;
        }
        int unit = ins.queue().ordinal();
        unitBusy[unit] += busy;
        value = Math.max(value, Math.max(unitBusy[unit], ceilDiv(channelCycles, channels)));
        return value;
    }

    /**
     * The compute unit's GEMM cycles of a tiling's program, from the tiling alone: what {@link #add} sums
     * over the GEMM instructions {@code LayerEmitter} writes, one per step, and so a lower bound on the
     * program's bound that costs no emission. Steps share a few shapes (full tiles and the edge tiles of
     * each dimension), each counted once with its multiplicity; on {@link LoopOrder#STATIONARY_REUSE} only
     * the first streamed tile of each stationary tile preloads.
     */
    static long gemms(Geometry g, NpuLayer layer, GemmMapping map, Tiling t) {
        ComputeTiming timing = g.computeTiming();
        boolean stationary = map.stationary() != null;
        boolean reuse = t.order() == LoopOrder.STATIONARY_REUSE;
        boolean streamedM = map.stationary() == GemmMapping.Matrix.B;
        long sum = 0;
        for (long[] mt : extents(layer.m(), t.tm(), reuse && streamedM)) {
            for (long[] kt : extents(layer.k(), t.tk(), false)) {
                for (long[] nt : extents(layer.n(), t.tn(), reuse && !streamedM)) {
                    boolean preload = stationary && (!reuse || (streamedM ? mt[2] : nt[2]) == 1);
                    Instruction.Gemm gemm = map.gemm(TokenFlag.tokens(), 0, 0, 0, mt[0], kt[0], nt[0], preload, false);
                    sum += mt[1] * kt[1] * nt[1]
                            * Math.max(1, timing.gemmOccupancy(gemm.m(), gemm.k(), gemm.n(), gemm.preload()));
                }
            }
        }
        return sum;
    }

    /**
     * A dimension of {@code total} in tiles of {@code tile}: {extent, count, first} per distinct kind, with
     * the first tile apart from the rest when {@code firstApart} (first = 1 marks it).
     */
    private static List<long[]> extents(long total, long tile, boolean firstApart) {
        List<long[]> out = new ArrayList<>();
        long rest = total;
        if (firstApart) {
            long first = Math.min(tile, total);
            out.add(new long[] {first, 1, 1});
            rest -= first;
        }
        if (rest / tile > 0) {
            out.add(new long[] {tile, rest / tile, 0});
        }
        if (rest % tile > 0) {
            out.add(new long[] {rest % tile, 1, 0});
        }
        return out;
    }

    /** The bound of the instructions added so far. */
    long value() {
        return value;
    }

    /** The DMA requests of a transfer: per row, the bursts its byte range touches. */
    private static long requests(long addr, long rows, long bytes, long stride, long burst) {
        if (bytes <= 0 || rows <= 0) {
            return 0;
        }
        if (stride % burst == 0) {
            // Every row starts at the same offset within a burst, so touches as many bursts.
            return rows * ((addr % burst + bytes - 1) / burst + 1);
        }
        if (addr < 0 || stride < 0) {
            long n = 0;
            for (long r = 0; r < rows; r++) {
                long start = addr + r * stride;
                n += (start + bytes - 1) / burst - start / burst + 1;
            }
            return n;
        }
        // Row r touches floor((start + bytes - 1) / burst) - floor(start / burst) + 1 bursts, start =
        // addr + r stride: summed in closed form, since a search sums thousands of rows per candidate.
        return floorSum(rows, burst, stride, addr + bytes - 1) - floorSum(rows, burst, stride, addr) + rows;
    }

    /**
     * The sum over i in 0..n-1 of floor((a i + b) / m), for non-negative a and b and positive m, in
     * O(log m) steps (the Euclid-like reduction of AtCoder Library's floor_sum), exact in longs while the
     * sum itself is.
     */
    static long floorSum(long n, long m, long a, long b) {
        long sum = 0;
        while (true) {
            if (a >= m) {
                sum += n * (n - 1) / 2 * (a / m);
                a %= m;
            }
            if (b >= m) {
                sum += n * (b / m);
                b %= m;
            }
            long yMax = a * n + b;
            if (yMax < m) {
                return sum;
            }
            n = yMax / m;
            b = yMax % m;
            long t = m;
            m = a;
            a = t;
        }
    }

    /** The fewest cycles a DMA instruction of {@code requests} requests keeps its unit busy. */
    private static long dmaCycles(long requests, int outstanding, long hit) {
        if (requests == 0) {
            return 0;
        }
        return Math.max(requests - 1, (requests - 1) / outstanding * (hit + 2)) + hit + 2;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
