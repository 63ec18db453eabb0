package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ClockConfig;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.HbmConfig;
import npukit.arch.config.PeType;
import npukit.arch.config.SramConfig;
import npukit.isa.HbmSegment;
import npukit.isa.Opcode;
import org.junit.jupiter.api.Test;

/** LOAD and STORE timing by hand from the HBM formulas (TestChips.HBM unless said otherwise). */
class DmaTimingTest {

    private static final ChipConfig WS = TestChips.chip(Dataflow.WS);

    @Test
    void twoBurstsOnTwoChannels() {
        // acc row of 32 bytes from HBM 0: requests [0,16) on channel 0 and [16,32) on channel 1.
        // cycle 1: issue 0, start 1, miss 5, xfer 2 -> ready 8; cycle 2: issue 1 on channel 1 -> ready 9.
        // accepted in 8 and 9: last cycle 9; FINISH in 10.
        SimulationResult r = TestChips.run(WS, "LOAD mem=acc row=0 hbm=0 rows=1 bytes=32 stride=32\nFINISH");
        Counters c = r.counters();
        assertEquals(11, c.cycles());
        assertEquals(9, c.busyLoad());
        assertEquals(32, c.hbmReadBytes());
        assertEquals(2, c.accWrites());
        assertEquals(List.of(new InstructionTiming(0, Opcode.LOAD, 1, 9)), r.timings());
    }

    @Test
    void oneResponsePerCycleEarliestIssuedFirst() {
        // 4 rows of 16 bytes at 0, 16, 32, 48 (channels 0, 1, 0, 1; all bank 0 row 0):
        //   c1 req0 ch0 miss: start 1, ready 1+5+2 = 8, ch0 free 3
        //   c2 req1 ch1 miss: start 2, ready 9, ch1 free 4
        //   c3 req2 ch0 hit:  start 3, ready 3+2+2 = 7, ch0 free 5
        //   c4 req3 ch1 hit:  start 4, ready 8
        // accepted: c7 req2; c8 req0 (req3 also ready, issued later); c9 req1 (issued before req3); c10 req3.
        SimulationResult r = TestChips.run(WS, "LOAD mem=acc row=0 hbm=0 rows=4 bytes=16 stride=16\nFINISH");
        assertEquals(new InstructionTiming(0, Opcode.LOAD, 1, 10), r.timings().get(0));
        assertEquals(12, r.counters().cycles());
        assertEquals(4, r.counters().accWrites());
        assertEquals(0, r.counters().outstandingStallLoad());
    }

    @Test
    void eightOutstandingHoldIssue() {
        // One channel, 16 bytes per cycle, hit = miss = 20: each request takes 1 cycle of the channel
        // and is ready 21 cycles after issue. Ten requests of 16 bytes.
        //   c1..c8 issue req0..7 (ready 22..29); c9..c22 start with 8 outstanding: 14 stall cycles
        //   (c22 accepts req0, but the count is taken at the start of the cycle)
        //   c23 issue req8 (ready 44), accept req1; c24 issue req9 (ready 45), accept req2
        //   req3..7 accepted c25..29, req8 c44, req9 c45: last cycle 45, FINISH 46.
        HbmConfig slow = new HbmConfig(1, 1, 16, 16, 64, 20, 20, 16, 1);
        ChipConfig chip = new ChipConfig("slow", "", new ArrayConfig(4, 8, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(1, 1, 1, 4), slow, TestChips.LINEAR, new ClockConfig(1000));
        SimulationResult r = TestChips.run(chip, "LOAD mem=acc row=0 hbm=0 rows=10 bytes=16 stride=16\nFINISH");
        Counters c = r.counters();
        assertEquals(14, c.outstandingStallLoad());
        assertEquals(45, c.busyLoad());
        assertEquals(47, c.cycles());
        assertEquals(160, c.hbmReadBytes());
    }

    @Test
    void theOutstandingLimitIsTheChipsOwn() {
        // The chip above with one request in flight: request i issues in 1 + 22i, is ready and accepted
        // 21 cycles later, and its next one issues the cycle after (the count is taken at the start of
        // the accepting cycle). Nine waits of 21 stall cycles; the last request is accepted in 220.
        HbmConfig slow = new HbmConfig(1, 1, 16, 16, 64, 20, 20, 16, 1);
        ChipConfig chip = new ChipConfig("slow", "", new ArrayConfig(4, 8, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(1, 1, 1, 4), slow, TestChips.LINEAR, new ClockConfig(1000))
                .withControl(new ControlConfig(8, 1));
        Counters c = TestChips.run(chip, "LOAD mem=acc row=0 hbm=0 rows=10 bytes=16 stride=16\nFINISH").counters();
        assertEquals(9 * 21, c.outstandingStallLoad());
        assertEquals(220, c.busyLoad());
        assertEquals(222, c.cycles());
    }

    @Test
    void storeReadsTheRowOncePerRequest() {
        // acc row 0 bytes 0..23 to HBM 8: requests [8,16) ch0 and [16,32) ch1.
        // c1: ch0 miss, 8 bytes: ready 1+5+1 = 7; c2: ch1 miss, 16 bytes: ready 2+5+2 = 9. Last 9.
        SimulationResult r = TestChips.run(WS, "STORE mem=acc row=0 hbm=8 rows=1 bytes=24 stride=24\nFINISH");
        Counters c = r.counters();
        assertEquals(11, c.cycles());
        assertEquals(9, c.busyStore());
        assertEquals(24, c.hbmWriteBytes());
        assertEquals(2, c.accReads());
        assertEquals(0, c.accWrites());
    }

    @Test
    void loadAndStoreRunTogetherAndTheLoadGoesFirstInHbm() {
        // c0 dispatch LOAD; c1 dispatch STORE, LOAD issues [0,8) on ch0: miss, xfer 1 -> ready 7, ch0
        // free 2, bank 0 row 0 open. c2: the LOAD issues [32,40) (ch0 bank 0 row 0) and the STORE issues
        // [32,40) too. Load first: LOAD start 2, hit 2, xfer 1 -> ready 5, free 3; STORE start 3 -> 6.
        // LOAD last 7 (its first response), STORE last 6; FINISH in 8. The load read HBM before the
        // store wrote it in the same cycle.
        byte[] old = {1, 2, 3, 4, 5, 6, 7, 8};
        SimulationResult r = TestChips.run(WS,
                "LOAD mem=sp row=0 hbm=0 rows=2 bytes=8 stride=32\n"
                        + "STORE mem=sp row=5 hbm=32 rows=1 bytes=8 stride=8\nFINISH",
                List.of(new HbmSegment(32, old)));
        assertEquals(List.of(new InstructionTiming(0, Opcode.LOAD, 1, 7), new InstructionTiming(1, Opcode.STORE, 2, 6)),
                r.timings());
        assertEquals(9, r.counters().cycles());
        assertArrayEquals(old, Arrays.copyOfRange(r.scratchpad(), 8, 16));
        assertArrayEquals(new byte[8], r.hbm().snapshot(32, 8));
    }
}
