package npukit.compiler.codegen;

import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ComputeTiming;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.HbmAddressMap;
import npukit.arch.config.HbmConfig;
import npukit.isa.CodeImage;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.Queue;
import npukit.isa.Tokens;

/**
 * An estimate of a program's cycles from microarchitecture.md's rules, cheap enough to rank every
 * candidate tiling, so that only the best few need the simulator. It schedules whole instructions
 * rather than cycles: each one is dispatched in order (one per cycle, once it has arrived in the fetch
 * buffer and its queue of {@code control.queue-depth} has room), starts when its unit is free and the
 * tokens it pops have been pushed, and ends after its duration. Compute durations are the spec's exact
 * formulas ({@link ComputeTiming}). A LOAD or STORE is timed request by request as its DMA engine
 * issues them (one per cycle, at most {@code control.dma-outstanding} outstanding, accepted one per
 * cycle) against the HBM's channel and open-row state ({@link HbmAddressMap}), and so is instruction
 * fetch. What it leaves out: within a cycle the engines' requests interleave in the simulator, while
 * here each instruction's requests are applied to the HBM state together, in the order instructions
 * start; and responses are taken in issue order. docs/compiler.md ("Cost model") gives its measured error.
 */
final class CostModel {

    private static final int UNITS = 3;
    private static final int LOAD = Queue.LOAD.ordinal();
    private static final int COMPUTE = Queue.COMPUTE.ordinal();
    private static final int STORE = Queue.STORE.ordinal();
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final List<Instruction> program;
    private final ComputeTiming timing;
    private final HbmConfig hbmConfig;
    private final HbmAddressMap map;
    private final int queueDepth;
    private final int outstanding;
    private final int banksPerChannel;
    private final long rowHitCycles;
    private final long rowMissCycles;
    private final long bytesPerCycleMask;
    private final int bytesPerCycleShift;
    private final int n;

    // Per instruction: dispatch cycle, start cycle, last cycle (UNKNOWN until scheduled), unit.
    private final long[] dispatched;
    private final long[] started;
    private final int[] unit;
    // Per unit: its instructions in program order, how many have started, when it is free again.
    private final int[][] unitOrder = new int[UNITS][];
    private final int[] unitNext = new int[UNITS];
    private final long[] unitFree = new long[UNITS];
    // The compute unit's overlapping GEMMs (ComputeTiming.overlapsGemms): the last cycle of every compute
    // instruction so far, the weight buffer the latest GEMM streamed through and each buffer's last
    // streaming cycle.
    private long computeDrained = -1;
    private int buffer;
    private final long[] lastStream = {-(1L << 40), -(1L << 40)};
    // Per token counter (L->C, C->L, C->S, S->C): the last cycles of its pushes in order, and pops so far.
    private final long[][] pushes = new long[4][];
    private final int[] pushCount = new int[4];
    private final int[] popCount = new int[4];
    // The HBM: when each channel is next free and each bank's open row.
    private final long[] channelFree;
    private final long[] openRow;
    // Instruction fetch: pieces issued and accepted so far.
    private final long code;
    private final long codeBytes;
    private final long fetchBuffer;
    private int pieces;
    private long lastPieceIssue = -1;
    private long lastPieceAccept = -1;
    private final long[] acceptRing;

    private CostModel(List<Instruction> program, Geometry g, ChipConfig chip) {
        this.program = program;
        this.timing = g.computeTiming();
        this.hbmConfig = chip.hbm();
        this.map = new HbmAddressMap(hbmConfig);
        ControlConfig control = chip.control();
        this.queueDepth = control.queueDepth();
        this.outstanding = control.dmaOutstanding();
        this.banksPerChannel = hbmConfig.banksPerChannel();
        this.rowHitCycles = hbmConfig.rowHitCycles();
        this.rowMissCycles = hbmConfig.rowMissCycles();
        this.bytesPerCycleMask = hbmConfig.bytesPerCyclePerChannel() - 1;
        this.bytesPerCycleShift = Integer.numberOfTrailingZeros(hbmConfig.bytesPerCyclePerChannel());
        this.fetchBuffer = control.fetchBufferBytes();
        this.acceptRing = new long[outstanding];
        this.n = program.size() + 1;
        this.dispatched = new long[n];
        this.started = new long[n];
        this.unit = new int[n];
        int[] counts = new int[UNITS];
        int[] tokenPushes = new int[4];
        for (int i = 0; i + 1 < n; i++) {
            Instruction ins = program.get(i);
            unit[i] = ins.queue().ordinal();
            counts[unit[i]]++;
            for (int c : counters(ins, true)) {
                tokenPushes[c]++;
            }
        }
        for (int u = 0; u < UNITS; u++) {
            unitOrder[u] = new int[counts[u]];
            counts[u] = 0;
        }
        for (int i = 0; i + 1 < n; i++) {
            unitOrder[unit[i]][counts[unit[i]]++] = i;
        }
        for (int c = 0; c < 4; c++) {
            pushes[c] = new long[tokenPushes[c]];
        }
        this.channelFree = new long[hbmConfig.channels()];
        this.openRow = new long[hbmConfig.channels() * hbmConfig.banksPerChannel()];
        Arrays.fill(openRow, -1);
        long align = CodeImage.alignment(g);
        this.code = (CodeImage.transfersEnd(program) + align - 1) / align * align;
        this.codeBytes = (long) n * ControlConfig.INSTRUCTION_BYTES;
    }

    /** Estimated cycles of {@code program} (without its FINISH, which is counted) on {@code chip}. */
    static long estimate(List<Instruction> program, Geometry g, ChipConfig chip) {
        return new CostModel(program, g, chip).run();
    }

    private long run() {
        int pc = 0;
        long lastEnd = -1;
        while (true) {
            // Dispatch in order as far as queue room is known.
            while (pc + 1 < n && dispatchable(pc)) {
                pc++;
            }
            // Start the unit whose next instruction can start earliest, so HBM requests go in time order.
            int best = -1;
            long bestStart = Long.MAX_VALUE;
            for (int u = 0; u < UNITS; u++) {
                long s = startTime(u, pc);
                if (s != UNKNOWN && s < bestStart) {
                    best = u;
                    bestStart = s;
                }
            }
            if (best < 0) {
                break;
            }
            lastEnd = Math.max(lastEnd, start(best, bestStart));
        }
        for (int u = 0; u < UNITS; u++) {
            if (unitNext[u] < unitOrder[u].length) {
                throw new IllegalStateException("cost model: the program deadlocks at instruction "
                        + unitOrder[u][unitNext[u]]);
            }
        }
        // FINISH: dispatched once it has arrived and the one before was, done once every unit is idle.
        long finish = Math.max(n > 1 ? dispatched[n - 2] + 1 : 0, Math.max(arrival(n - 1), lastEnd + 1));
        return finish + 1;
    }

    /** Dispatches instruction i if the cycle its queue has room is known; returns whether it did. */
    private boolean dispatchable(int i) {
        int u = unit[i];
        long t = Math.max(i > 0 ? dispatched[i - 1] + 1 : 0, arrival(i));
        int pos = position(i);
        if (pos >= queueDepth) {
            // The queue has room once the instruction queueDepth places ahead in it has started.
            int ahead = unitOrder[u][pos - queueDepth];
            if (pos - queueDepth >= unitNext[u]) {
                return false;
            }
            t = Math.max(t, started[ahead] + 1);
        }
        dispatched[i] = t;
        return true;
    }

    // Where instruction i stands among its unit's instructions; filled as they are dispatched.
    private int[] positions;

    private int position(int i) {
        if (positions == null) {
            positions = new int[n];
            for (int u = 0; u < UNITS; u++) {
                for (int p = 0; p < unitOrder[u].length; p++) {
                    positions[unitOrder[u][p]] = p;
                }
            }
        }
        return positions[i];
    }

    /** The cycle unit u's next instruction can start, or UNKNOWN while it waits on what is not scheduled yet. */
    private long startTime(int u, int pc) {
        if (unitNext[u] >= unitOrder[u].length) {
            return UNKNOWN;
        }
        int i = unitOrder[u][unitNext[u]];
        if (i >= pc) {
            return UNKNOWN;
        }
        long t = Math.max(dispatched[i] + 1, unitFree[u]);
        if (u == COMPUTE) {
            t = Math.max(t, computeClear(program.get(i)));
        }
        for (int c : counters(program.get(i), false)) {
            if (popCount[c] >= pushCount[c]) {
                return UNKNOWN;
            }
            t = Math.max(t, pushes[c][popCount[c]] + 1);
        }
        return t;
    }

    /** Starts unit u's next instruction at {@code t}; returns its last cycle. */
    private long start(int u, long t) {
        int i = unitOrder[u][unitNext[u]++];
        Instruction ins = program.get(i);
        started[i] = t;
        for (int c : counters(ins, false)) {
            popCount[c]++;
        }
        long end;
        if (ins instanceof Instruction.Load l) {
            end = dma(t, l.hbm(), l.rows(), l.bytes(), l.stride());
        } else if (ins instanceof Instruction.Store s) {
            end = dma(t, s.hbm(), s.rows(), s.bytes(), s.stride());
        } else {
            end = t + Math.max(1, compute(ins)) - 1;
            computeDrained = end;
        }
        for (int c : counters(ins, true)) {
            pushes[c][pushCount[c]++] = end;
        }
        unitFree[u] = end + 1;
        if (ins instanceof Instruction.Gemm m && timing.overlapsGemms()) {
            unitFree[u] = t + timing.gemmOccupancy(m.m(), m.k(), m.n(), m.preload());
            if (m.preload()) {
                buffer = 1 - buffer;
            }
            lastStream[buffer] = unitFree[u] - 1;
        }
        return end;
    }

    /**
     * The first cycle the compute unit's hazards let {@code ins} start: a QUANT or VALU after every GEMM's
     * drain, a preloading GEMM once the buffer it overwrites has been streamed through.
     */
    private long computeClear(Instruction ins) {
        if (!(ins instanceof Instruction.Gemm m)) {
            return computeDrained + 1;
        }
        return m.preload() && timing.overlapsGemms() ? timing.bufferFreeAfter(lastStream[1 - buffer]) : 0;
    }

    /** isa.md/microarchitecture.md's exact compute duration. */
    private long compute(Instruction ins) {
        if (ins instanceof Instruction.Gemm m) {
            return timing.gemm(m.m(), m.k(), m.n(), m.preload());
        }
        if (ins instanceof Instruction.Quant q) {
            return timing.quant(q.rows());
        }
        if (ins instanceof Instruction.Valu v) {
            return timing.valu(v.rows());
        }
        return 1;
    }

    /** A DMA engine's requests from cycle t: returns the cycle its final response is accepted. */
    private long dma(long t, long addr, long rows, long bytes, long stride) {
        // Every HBM size is a power of two (HbmConfig): a burst's end is the address with its low bits
        // set, plus one. The search calls this for every burst of every candidate it times.
        long lastInBurst = hbmConfig.burstBytes() - 1;
        long issue = t - 1;
        long accept = t - 1;
        long j = 0;
        int slot = 0;
        for (long r = 0; r < rows; r++) {
            long start = addr + r * stride;
            long end = start + bytes;
            for (long p = start; p < end; ) {
                long next = (p | lastInBurst) + 1;
                issue = Math.max(issue + 1, j >= outstanding ? acceptRing[slot] + 1 : t);
                accept = Math.max(accept + 1, request(issue, p, Math.min(end, next) - p));
                acceptRing[slot] = accept;
                j++;
                slot = slot + 1 == outstanding ? 0 : slot + 1;
                p = next;
            }
        }
        return accept;
    }

    /** microarchitecture.md's HBM timing of one request issued in cycle u: its ready cycle. */
    private long request(long u, long addr, long len) {
        int channel = map.channel(addr);
        long local = map.local(addr);
        long row = map.row(local);
        int bank = channel * banksPerChannel + map.bank(local);
        long start = Math.max(u, channelFree[channel]);
        long latency = openRow[bank] == row ? rowHitCycles : rowMissCycles;
        openRow[bank] = row;
        long xfer = (len + bytesPerCycleMask) >>> bytesPerCycleShift;
        channelFree[channel] = start + xfer;
        return start + latency + xfer;
    }

    /**
     * The first cycle instruction i is in the fetch buffer. Pieces are issued in order, one a cycle,
     * each once the buffer has room for it beside what is requested and not dispatched; responses
     * are accepted in order, one a cycle.
     */
    private long arrival(int i) {
        long burst = hbmConfig.burstBytes();
        long lastByte = (long) i * ControlConfig.INSTRUCTION_BYTES + ControlConfig.INSTRUCTION_BYTES - 1;
        while ((long) pieces * burst <= lastByte) {
            long offset = (long) pieces * burst;
            long len = Math.min(burst, codeBytes - offset);
            long need = offset + len - fetchBuffer;
            long issue = lastPieceIssue + 1;
            if (need > 0) {
                // Room frees when the instruction holding byte need-1 is dispatched.
                int freeing = (int) ((need + ControlConfig.INSTRUCTION_BYTES - 1) / ControlConfig.INSTRUCTION_BYTES) - 1;
                issue = Math.max(issue, dispatched[freeing] + 1);
            }
            lastPieceIssue = issue;
            lastPieceAccept = Math.max(lastPieceAccept + 1, request(issue, code + offset, len));
            pieces++;
        }
        return lastPieceAccept + 1;
    }

    /** The token counters an instruction pops (or pushes): 0 L->C, 1 C->L, 2 C->S, 3 S->C. */
    private static int[] counters(Instruction ins, boolean push) {
        Tokens t = ins.tokens();
        int u = ins.queue().ordinal();
        if (u == Queue.DISPATCHER.ordinal()) {
            return new int[0];
        }
        // Between unit u and u+1 the forward counter is 2u and the backward one 2u+1.
        boolean towardNext = push ? t.pushNext() : t.popNext();
        boolean towardPrev = push ? t.pushPrev() : t.popPrev();
        int next = push ? 2 * u : 2 * u + 1;
        int prev = push ? 2 * (u - 1) + 1 : 2 * (u - 1);
        if (towardNext && towardPrev) {
            return new int[] {prev, next};
        }
        return towardNext ? new int[] {next} : towardPrev ? new int[] {prev} : new int[0];
    }
}
