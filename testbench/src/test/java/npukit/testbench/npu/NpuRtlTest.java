package npukit.testbench.npu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.Program;
import npukit.isa.Tokens;
import npukit.isa.ValuOp;
import npukit.sim.InstructionTiming;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import npukit.testbench.VerilatorBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LOAD/STORE programs on the NPU's RTL: HBM regions copied through sp and acc rows with strides,
 * unaligned addresses and lengths that split into several bursts, more than 8 requests in flight, and
 * both DMA engines busy at once. The final HBM must hold the expected copy, and every counter, the
 * total cycle count and every instruction's last cycle must equal the Java simulator's exactly.
 */
class NpuRtlTest {

    private static final long CYCLE_LIMIT = 200_000;
    private static final Tokens NONE = Tokens.NONE;
    private static final Tokens PUSH_NEXT = new Tokens(false, false, false, true);
    private static final Tokens POP_PREV = new Tokens(true, false, false, false);
    private static final Tokens RELAY = new Tokens(true, false, false, true);

    /** One row-wise copy: `rows` rows of `bytes` bytes from HBM `src` (stride) into sram, then out to `dst`. */
    private record Copy(MemorySpace mem, long row, long src, long dst, long rows, long bytes, long srcStride,
            long dstStride) {
    }

    static List<ChipConfig> chips() {
        return NpuTestChips.all();
    }

    @ParameterizedTest
    @MethodSource("chips")
    void copiesThroughSpAndAccAgreeWithTheSimulator(ChipConfig chip) {
        Geometry g = Geometry.of(chip);
        int sp = (int) g.spRowBytes();
        int acc = (int) g.accRowBytes();
        List<Copy> copies = List.of(
                // Unaligned start and length, stride wider than the row: rows split at burst boundaries.
                new Copy(MemorySpace.SP, 3, 0x1003, 0x8005, 5, sp - 1, sp + 7, sp + 3),
                // Whole acc rows back to back: many requests per instruction, more than 8 in flight.
                new Copy(MemorySpace.ACC, 1, 0x2011, 0x9000, 6, acc, acc, acc + 9),
                // Part rows: bytes outside the request stay unchanged in sram.
                new Copy(MemorySpace.ACC, 9, 0x3007, 0xA003, 3, acc / 2 + 1, 2 * acc + 1, acc));
        NpuRun run = check(chip, copyProgram(chip, copies), copies);
        if (chip.hbm().equals(NpuTestChips.NARROW_BURSTS)) {
            assertTrue(run.counter("outstanding_stall_load") > 0 && run.counter("outstanding_stall_store") > 0,
                    chip.name() + ": whole acc rows in 8-byte bursts must hold both engines at 8 outstanding");
        }
    }

    @ParameterizedTest
    @MethodSource("chips")
    void storesOverlapLoadsWhileTokensOrderEachPair(ChipConfig chip) {
        Geometry g = Geometry.of(chip);
        int acc = (int) g.accRowBytes();
        List<Instruction> ins = new ArrayList<>();
        List<Copy> copies = new ArrayList<>();
        // Copy i's STORE waits (through a compute relay) for its LOAD only, so it runs while the load
        // engine already fetches copy i+1.
        for (int i = 0; i < 4; i++) {
            Copy c = new Copy(MemorySpace.ACC, 8L * i, 0x4000 + 0x400L * i + 5 * i, 0xC000 + 0x400L * i + 3,
                    4 + i, acc - i, acc + 4, acc + 1);
            copies.add(c);
            ins.add(load(c, PUSH_NEXT));
            ins.add(relay(g));
            ins.add(store(c, POP_PREV));
        }
        ins.add(new Instruction.Finish());
        check(chip, Program.of(chip, ins, image(copies)), copies);
    }

    @ParameterizedTest
    @MethodSource("chips")
    void gemmQuantAndValuBetweenLoadsAndStoresAgreeWithTheSimulator(ChipConfig chip) {
        Geometry g = Geometry.of(chip);
        int sp = (int) g.spRowBytes();
        int acc = (int) g.accRowBytes();
        boolean stationary = chip.array().dataflow() != Dataflow.OS;
        int k = Math.min(4, g.rows());
        int n = Math.min(4, g.cols());
        List<Instruction> ins = List.of(
                new Instruction.Load(NONE, MemorySpace.SP, 0, 0x100, 2L * k, sp, sp),
                new Instruction.Load(PUSH_NEXT, MemorySpace.ACC, 32, 0x800, 4, acc, acc),
                new Instruction.Gemm(POP_PREV, 0, k, 0, 4, k, n, stationary, false),
                new Instruction.Quant(NONE, 0, 16, 4, 32, true),
                new Instruction.Valu(PUSH_NEXT, ValuOp.MAX, MemorySpace.SP, 20, 0, k, 4, 0, 0, false),
                new Instruction.Store(POP_PREV, MemorySpace.ACC, 0, 0x2000, 4, acc, acc + 4),
                new Instruction.Store(NONE, MemorySpace.SP, 16, 0x3001, 8, sp, sp),
                new Instruction.Finish());
        byte[] operands = new byte[2 * k * sp];
        new Random(11).nextBytes(operands);
        // Lane registers, one 32-bit word per column: bias 0, multiplier 2^30 (x 0.5), shift 2, zero point 0.
        java.nio.ByteBuffer params = java.nio.ByteBuffer.allocate(4 * acc).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < g.cols(); j++) {
            params.putInt(acc + 4 * j, 1 << 30).putInt(2 * acc + 4 * j, 2);
        }
        Program program = Program.of(chip, ins, List.of(new HbmSegment(0x100, operands),
                new HbmSegment(0x800, params.array())));
        NpuRun run = compare(chip, program);
        assertTrue(run.counter("macs") == 4L * k * n && run.counter("array_busy") > 0, chip.name() + ": one GEMM");
    }

    @ParameterizedTest
    @MethodSource("chips")
    void moreLoadsThanTheQueueHoldsStallTheDispatcher(ChipConfig chip) {
        int sp = (int) Geometry.of(chip).spRowBytes();
        List<Instruction> ins = new ArrayList<>();
        List<Copy> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Copy c = new Copy(MemorySpace.SP, i, 0x500 + 3L * i * sp + i, 0, 1, sp, sp, sp);
            rows.add(c);
            ins.add(load(c, NONE));
        }
        ins.add(new Instruction.Finish());
        NpuRun run = compare(chip, Program.of(chip, ins, image(rows)));
        assertTrue(run.counter("dispatch_stall_load") > 0, chip.name() + ": the ninth LOAD waits for a queue slot");
    }

    @Test
    void aLoneLoadTakesTheHandComputedCycles() {
        ChipConfig chip = NpuTestChips.chip(4, 4, Dataflow.WS, NpuTestChips.WIDE_BURSTS, "rtl-4x4-wide");
        var hbm = chip.hbm();
        Copy c = new Copy(MemorySpace.SP, 0, 0x40, 0x80, 1, 4, 4, 4);
        Program program = Program.of(chip, List.of(load(c, NONE), new Instruction.Finish()), image(List.of(c)));
        NpuRun run = rtl(chip).run(program, CYCLE_LIMIT);
        // The two instructions lie at 0x80, the first 64-byte boundary above the source bytes: one fetch
        // request of 32 bytes in cycle 0 to a closed row, accepted when ready. The LOAD is dispatched the
        // cycle after and starts the next; its request finds the row the fetch opened (one channel, bank
        // 0, row 0); FINISH completes the cycle after its response, so the total is one more than that.
        long perCycle = hbm.bytesPerCyclePerChannel();
        long fetched = hbm.rowMissCycles() + (32 + perCycle - 1) / perCycle;
        long start = fetched + 2;
        long ready = start + hbm.rowHitCycles() + (4 + perCycle - 1) / perCycle;
        assertEquals(ready, run.lastCycles()[0]);
        assertEquals(ready + 2, run.cycles());
        assertEquals(ready - start + 1, run.counter("busy_load"));
        assertEquals(fetched + 1, run.counter("fetch_stall"));
        assertEquals(32, run.counter("fetch_bytes"));
        assertEquals(4, run.counter("hbm_read_bytes"));
        assertEquals(1, run.counter("sp_writes"));
        assertEquals(0, run.counter("dispatch_stall_load") + run.counter("token_stall_load")
                + run.counter("outstanding_stall_load") + run.counter("busy_store"));
    }

    /** Runs a copy program: the HBM must hold the copies, and everything must agree with the simulator. */
    private static NpuRun check(ChipConfig chip, Program program, List<Copy> copies) {
        NpuRun run = compare(chip, program);
        for (Copy c : copies) {
            for (int r = 0; r < c.rows(); r++) {
                byte[] want = run.hbm().snapshot(c.src() + r * c.srcStride(), (int) c.bytes());
                byte[] got = run.hbm().snapshot(c.dst() + r * c.dstStride(), (int) c.bytes());
                assertArrayEquals(want, got, chip.name() + ": " + c + ", row " + r);
            }
        }
        return run;
    }

    /** Every counter, every instruction's last cycle and the final HBM equal the simulator's. */
    private static NpuRun compare(ChipConfig chip, Program program) {
        NpuRun run = rtl(chip).run(program, CYCLE_LIMIT);
        SimulationResult sim = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(program);
        assertEquals(sim.counters().asMap(), run.counters(), chip.name() + ": counters");
        for (InstructionTiming t : sim.timings()) {
            assertEquals(t.last(), run.lastCycles()[t.index()], chip.name() + ": last cycle of instruction "
                    + t.index() + " (" + t.opcode() + ")");
        }
        long diff = sim.hbm().firstDifference(run.hbm());
        assertTrue(diff < 0, chip.name() + ": HBM differs from the simulator's at 0x" + Long.toHexString(diff));
        return run;
    }

    private static NpuRtl rtl(ChipConfig chip) {
        return new NpuRtl(VerilatorBuild.atDefaultCache(), chip);
    }

    /** All LOADs, one compute relay passing the last LOAD's token to the first STORE, all STOREs. */
    private static Program copyProgram(ChipConfig chip, List<Copy> copies) {
        Geometry g = Geometry.of(chip);
        List<Instruction> ins = new ArrayList<>();
        for (int i = 0; i < copies.size(); i++) {
            ins.add(load(copies.get(i), i == copies.size() - 1 ? PUSH_NEXT : NONE));
        }
        ins.add(relay(g));
        for (int i = 0; i < copies.size(); i++) {
            ins.add(store(copies.get(i), i == 0 ? POP_PREV : NONE));
        }
        ins.add(new Instruction.Finish());
        return Program.of(chip, ins, image(copies));
    }

    /** A VALU on the last sp row that only passes a token from the load unit to the store unit. */
    private static Instruction relay(Geometry g) {
        long row = g.spRows() - 1;
        return new Instruction.Valu(RELAY, ValuOp.ADD, MemorySpace.SP, row, row, row, 1, 0, 0, true);
    }

    private static Instruction load(Copy c, Tokens t) {
        return new Instruction.Load(t, c.mem(), c.row(), c.src(), c.rows(), c.bytes(), c.srcStride());
    }

    private static Instruction store(Copy c, Tokens t) {
        return new Instruction.Store(t, c.mem(), c.row(), c.dst(), c.rows(), c.bytes(), c.dstStride());
    }

    /** Random bytes under every source row. */
    private static List<HbmSegment> image(List<Copy> copies) {
        Random random = new Random(7);
        List<HbmSegment> segments = new ArrayList<>();
        for (Copy c : copies) {
            byte[] bytes = new byte[(int) ((c.rows() - 1) * c.srcStride() + c.bytes())];
            random.nextBytes(bytes);
            segments.add(new HbmSegment(c.src(), bytes));
        }
        return segments;
    }
}
