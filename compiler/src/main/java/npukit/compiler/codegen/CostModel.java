package npukit.compiler.codegen;

import java.util.List;
import npukit.arch.config.ComputeTiming;
import npukit.arch.config.HbmConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * A quick estimate of a program's cycles from microarchitecture.md's rules, used only to rank tilings
 * before the best few are simulated exactly. Compute durations are the spec's exact formulas
 * ({@link ComputeTiming}); a DMA transfer is costed from its burst-split requests: one issued per
 * cycle, at most the chip's {@code control.dma-outstanding} outstanding, each
 * holding its channel for ceil(len / bytes-per-cycle) cycles. With loads, compute and stores
 * overlapped by double buffering, the busiest unit bounds the total; the first load and the last
 * store do not overlap anything.
 */
final class CostModel {

    private CostModel() {
    }

    static long estimate(List<Instruction> program, Geometry g, HbmConfig hbm) {
        int outstanding = g.control().dmaOutstanding();
        long load = 0;
        long compute = 0;
        long store = 0;
        long firstLoad = -1;
        long lastStore = 0;
        for (Instruction ins : program) {
            if (ins instanceof Instruction.Load l) {
                long d = dma(l.hbm(), l.rows(), l.bytes(), l.stride(), hbm, outstanding);
                load += d;
                if (firstLoad < 0) {
                    firstLoad = d;
                }
            } else if (ins instanceof Instruction.Store s) {
                lastStore = dma(s.hbm(), s.rows(), s.bytes(), s.stride(), hbm, outstanding);
                store += lastStore;
            } else {
                compute += compute(ins, g);
            }
        }
        return Math.max(load, Math.max(compute, store)) + Math.max(0, firstLoad) + lastStore;
    }

    /** isa.md/microarchitecture.md's exact compute duration. */
    static long compute(Instruction ins, Geometry g) {
        ComputeTiming t = g.computeTiming();
        if (ins instanceof Instruction.Gemm m) {
            return t.gemm(m.m(), m.k(), m.n(), m.preload());
        }
        if (ins instanceof Instruction.Quant q) {
            return t.quant(q.rows());
        }
        if (ins instanceof Instruction.Valu v) {
            return t.valu(v.rows());
        }
        return 0;
    }

    private static long dma(long addr, long rows, long bytes, long stride, HbmConfig hbm, int outstanding) {
        long burst = hbm.burstBytes();
        long requests = 0;
        long channelCycles = 0;
        for (long r = 0; r < rows; r++) {
            long start = addr + r * stride;
            long end = start + bytes;
            for (long p = start; p < end; p = (p / burst + 1) * burst) {
                long len = Math.min(end, (p / burst + 1) * burst) - p;
                requests++;
                channelCycles += (len + hbm.bytesPerCyclePerChannel() - 1) / hbm.bytesPerCyclePerChannel();
            }
        }
        long latency = hbm.rowMissCycles();
        // Requests spread over the channels; the outstanding ones cover latency + transfer of as many.
        long bandwidth = (channelCycles + hbm.channels() - 1) / hbm.channels();
        long window = (requests * (hbm.rowHitCycles() + channelCycles / Math.max(1, requests)) + outstanding - 1)
                / outstanding;
        return Math.max(requests, Math.max(bandwidth, window)) + latency;
    }
}
