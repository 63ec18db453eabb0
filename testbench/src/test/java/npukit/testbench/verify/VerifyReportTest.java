package npukit.testbench.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.isa.Disassembler;
import npukit.isa.Program;
import npukit.isa.gen.RegressionPrograms;
import npukit.sim.InstructionTiming;
import npukit.sim.MemoryImage;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import npukit.testbench.npu.NpuRun;
import org.junit.jupiter.api.Test;

/**
 * CoValidation's comparison on simulator results standing in for the RTL's: identical runs pass,
 * and each kind of single difference (a counter off by one, a missing counter, one HBM byte, one
 * last cycle, a timing-only counter) fails and is named in the report.
 */
class VerifyReportTest {

    private final ChipConfig chip = SuiteChips.named().get(0);
    private final Program program = RegressionPrograms.forChip(chip).get(1).program();
    private final SimulationResult sim = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(program);
    private final SimulationResult timing = new Simulator(chip, Simulator.Mode.TIMING_ONLY).run(program);

    /** An "RTL" run that did exactly what the simulator did, from a second, independent simulation. */
    private NpuRun mirror() {
        SimulationResult again = new Simulator(chip, Simulator.Mode.FUNCTIONAL).run(program);
        long[] last = new long[program.instructions().size()];
        Arrays.fill(last, -1);
        for (InstructionTiming t : again.timings()) {
            last[t.index()] = t.last();
        }
        return new NpuRun(again.counters().asMap(), last, again.hbm());
    }

    private VerifyReport compare(NpuRun hw) {
        return CoValidation.compare(chip.name(), "p", program.instructions(), sim, timing, hw);
    }

    @Test
    void identicalRunsPass() {
        VerifyReport r = compare(mirror());
        assertTrue(r.passed(), r.table());
        assertEquals(22, r.counters().size());
        assertNull(r.hbm());
        assertNull(r.lastCycle());
        assertEquals(sim.timings().size(), r.instructions());
        assertTrue(r.table().startsWith("co-validation of p on " + chip.name() + ": PASSED\n"), r.table());
        assertTrue(r.table().contains("HBM: identical"), r.table());
        assertEquals("", r.firstDifference());
    }

    @Test
    void oneCycleMoreFails() {
        NpuRun m = mirror();
        Map<String, Long> counters = new LinkedHashMap<>(m.counters());
        counters.put("cycles", counters.get("cycles") + 1);
        VerifyReport r = compare(new NpuRun(counters, m.lastCycles(), m.hbm()));
        assertFalse(r.passed());
        VerifyReport.CounterRow row = r.counters().get(0);
        assertEquals("cycles", row.name());
        assertEquals(1L, row.difference());
        assertTrue(r.table().contains("<-- differs"), r.table());
        assertEquals(1, r.counters().stream().filter(c -> !c.matches()).count());
        long cycles = sim.counters().cycles();
        assertEquals("counter cycles: simulator " + cycles + ", rtl " + (cycles + 1), r.firstDifference());
    }

    @Test
    void aCounterTheRtlLacksFails() {
        NpuRun m = mirror();
        Map<String, Long> counters = new LinkedHashMap<>(m.counters());
        counters.remove("acc_writes");
        VerifyReport r = compare(new NpuRun(counters, m.lastCycles(), m.hbm()));
        assertFalse(r.passed());
        VerifyReport.CounterRow row = r.counters().stream().filter(c -> c.name().equals("acc_writes")).findFirst()
                .orElseThrow();
        assertNull(row.actual());
        assertNull(row.difference());
        assertTrue(r.table().contains("missing"), r.table());
    }

    @Test
    void oneHbmByteAnywhereFails() {
        NpuRun m = mirror();
        // Far from anything the program touched: a page only the RTL side has.
        long far = chip.hbm().capacityBytes() - 3;
        m.hbm().load(far, new byte[] {(byte) 0xA5});
        VerifyReport r = compare(m);
        assertFalse(r.passed());
        assertEquals(new VerifyReport.HbmDifference(far, 0, 0xA5), r.hbm());
        assertTrue(r.table().contains(String.format("first difference at 0x%x: simulator 0x00, rtl 0xa5", far)),
                r.table());
        assertEquals(String.format("HBM at 0x%x: simulator 0x00, rtl 0xa5", far), r.firstDifference());
    }

    @Test
    void theEarliestDifferingLastCycleIsReported() {
        NpuRun m = mirror();
        long[] last = m.lastCycles().clone();
        InstructionTiming late = sim.timings().get(sim.timings().size() - 1);
        InstructionTiming early = sim.timings().stream().min((x, y) -> Long.compare(x.last(), y.last())).orElseThrow();
        last[late.index()] += 1;
        last[early.index()] += 2;
        VerifyReport r = compare(new NpuRun(m.counters(), last, m.hbm()));
        assertFalse(r.passed());
        assertEquals(new VerifyReport.TimingDifference(early.index(),
                Disassembler.line(program.instructions().get(early.index())), early.last(), early.last() + 2),
                r.lastCycle());
        assertTrue(r.table().contains("instruction " + early.index() + " ("), r.table());
        assertTrue(r.firstDifference().startsWith("last cycle of instruction " + early.index() + " ("), r.firstDifference());
    }

    @Test
    void anInstructionTheRtlNeverRetiredFails() {
        NpuRun m = mirror();
        long[] last = m.lastCycles().clone();
        int i = sim.timings().get(0).index();
        last[i] = -1;
        VerifyReport r = compare(new NpuRun(m.counters(), last, m.hbm()));
        assertEquals(-1, r.lastCycle().rtlLast());
        assertEquals(i, r.lastCycle().index());
    }

    @Test
    void timingOnlyModeCountingOtherwiseFails() {
        Map<String, Long> c = new LinkedHashMap<>(timing.counters().asMap());
        List<Long> v = c.values().stream().toList();
        npukit.sim.Counters off = new npukit.sim.Counters(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5),
                v.get(6), v.get(7), v.get(8), v.get(9), v.get(10), v.get(11), v.get(12), v.get(13), v.get(14), v.get(15),
                v.get(16), v.get(17), v.get(18) + 1, v.get(19), v.get(20), v.get(21));
        SimulationResult skewed = new SimulationResult(off, timing.timings(), timing.hbm(), MemoryImage.empty(), MemoryImage.empty());
        VerifyReport r = CoValidation.compare(chip.name(), "p", program.instructions(), sim, skewed, mirror());
        assertFalse(r.passed());
        assertTrue(r.counters().stream().allMatch(VerifyReport.CounterRow::matches));
        String expected = "outstanding_stall_load functional " + v.get(18) + ", timing-only " + (v.get(18) + 1);
        assertTrue(r.table().contains(expected), r.table());
    }
}
