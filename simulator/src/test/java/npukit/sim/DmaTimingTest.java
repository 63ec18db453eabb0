package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.HbmConfig;
import npukit.isa.HbmSegment;
import npukit.isa.Opcode;
import org.junit.jupiter.api.Test;

/**
 * LOAD and STORE timing by hand from the HBM formulas (TestChips.HBM unless said otherwise). The code
 * lies on the next 16-byte boundary above everything a program touches; its pieces go out one a cycle
 * from cycle 0, and their rows stay open for the data that follows.
 */
class DmaTimingTest {

    private static final ChipConfig WS = TestChips.chip(Dataflow.WS);
    /** One channel and bank, 16 bytes per cycle, hit = miss = 20. */
    private static final HbmConfig SLOW = new HbmConfig(1, 1, 16, 16, 64, 20, 20, 16, 1);

    @Test
    void twoBurstsOnTwoChannels() {
        // Code at 32: c0 fetch [32,48) ch0 bank 0 row 0, miss, ready 7; c1 [48,64) ch1, ready 8. The LOAD
        // is dispatched in 8 and starts in 9. Its acc row of 32 bytes from HBM 0: [0,16) on channel 0,
        // bank 0 row 0, open since the fetch: hit, ready 9 + 2 + 2 = 13; c10 [16,32) on channel 1, hit,
        // ready 14. Accepted in 13 and 14: last cycle 14; FINISH in 15.
        SimulationResult r = TestChips.run(WS, "LOAD mem=acc row=0 hbm=0 rows=1 bytes=32 stride=32\nFINISH");
        Counters c = r.counters();
        assertEquals(16, c.cycles());
        assertEquals(6, c.busyLoad());
        assertEquals(32, c.hbmReadBytes());
        assertEquals(2, c.accWrites());
        assertEquals(List.of(new InstructionTiming(0, Opcode.LOAD, 9, 14)), r.timings());
        assertEquals(32, c.fetchBytes());
        assertEquals(8, c.fetchStall());
    }

    @Test
    void oneResponsePerCycleEarliestIssuedFirst() {
        // A byte at 0x200 puts the code at 0x210, in bank 0 row 2 of both channels: c0 fetch [0x210,0x220)
        // ch1 miss, ready 7; c1 [0x220,0x230) ch0 miss, ready 8. The LOAD starts in 9. 4 rows of 16 bytes
        // at 0, 16, 32, 48 (channels 0, 1, 0, 1; all bank 0 row 0, row 2 open):
        //   c9  req0 ch0 miss: start 9, ready 9+5+2 = 16, ch0 free 11
        //   c10 req1 ch1 miss: start 10, ready 17, ch1 free 12
        //   c11 req2 ch0 hit:  start 11, ready 11+2+2 = 15, ch0 free 13
        //   c12 req3 ch1 hit:  start 12, ready 16
        // accepted: c15 req2; c16 req0 (req3 also ready, issued later); c17 req1 (issued before req3); c18 req3.
        SimulationResult r = TestChips.run(WS, "LOAD mem=acc row=0 hbm=0 rows=4 bytes=16 stride=16\nFINISH",
                List.of(new HbmSegment(0x200, new byte[1])));
        assertEquals(new InstructionTiming(0, Opcode.LOAD, 9, 18), r.timings().get(0));
        assertEquals(20, r.counters().cycles());
        assertEquals(4, r.counters().accWrites());
        assertEquals(0, r.counters().outstandingStallLoad());
    }

    @Test
    void eightOutstandingHoldIssue() {
        // One channel, 16 bytes per cycle, hit = miss = 20: each request takes 1 cycle of the channel
        // and is ready 21 cycles after issue. The code's two pieces go out in c0 and c1 (ready 21, 22);
        // the LOAD is dispatched in 22 and starts in 23. Ten requests of 16 bytes.
        //   c23..c30 issue req0..7 (ready 44..51); c31..c44 start with 8 outstanding: 14 stall cycles
        //   (c44 accepts req0, but the count is taken at the start of the cycle)
        //   c45 issue req8 (ready 66), accept req1; c46 issue req9 (ready 67), accept req2
        //   req3..7 accepted c47..51, req8 c66, req9 c67: last cycle 67, FINISH 68.
        ChipConfig chip = TestChips.withHbm("slow", SLOW, new ControlConfig(8, 8, 16));
        SimulationResult r = TestChips.run(chip, "LOAD mem=acc row=0 hbm=0 rows=10 bytes=16 stride=16\nFINISH");
        Counters c = r.counters();
        assertEquals(14, c.outstandingStallLoad());
        assertEquals(45, c.busyLoad());
        assertEquals(69, c.cycles());
        assertEquals(160, c.hbmReadBytes());
        assertEquals(22, c.fetchStall());
    }

    @Test
    void theOutstandingLimitIsTheChipsOwn() {
        // The chip above with one request in flight: the LOAD starts in 23, request i issues in 23 + 22i, is
        // ready and accepted 21 cycles later, and its next one issues the cycle after (the count is taken at
        // the start of the accepting cycle). Nine waits of 21 stall cycles; the last is accepted in 242.
        ChipConfig chip = TestChips.withHbm("slow", SLOW, new ControlConfig(8, 1, 16));
        Counters c = TestChips.run(chip, "LOAD mem=acc row=0 hbm=0 rows=10 bytes=16 stride=16\nFINISH").counters();
        assertEquals(9 * 21, c.outstandingStallLoad());
        assertEquals(220, c.busyLoad());
        assertEquals(244, c.cycles());
    }

    @Test
    void storeReadsTheRowOncePerRequest() {
        // Code at 32 (bank 0 row 0 of both channels, opened by the fetch); the STORE starts in 9.
        // acc row 0 bytes 0..23 to HBM 8: requests [8,16) ch0 and [16,32) ch1.
        // c9: ch0 hit, 8 bytes: ready 9+2+1 = 12; c10: ch1 hit, 16 bytes: ready 10+2+2 = 14. Last 14.
        SimulationResult r = TestChips.run(WS, "STORE mem=acc row=0 hbm=8 rows=1 bytes=24 stride=24\nFINISH");
        Counters c = r.counters();
        assertEquals(16, c.cycles());
        assertEquals(6, c.busyStore());
        assertEquals(24, c.hbmWriteBytes());
        assertEquals(2, c.accReads());
        assertEquals(0, c.accWrites());
    }

    @Test
    void loadAndStoreRunTogetherAndTheLoadGoesFirstInHbm() {
        // Code at 48, three pieces: c0 [48,64) ch1 miss, ready 7; c1 [64,80) ch0 miss, ready 8, ch0 free 3,
        // ch0 bank 0 row 0 open; c2 [80,96) ch1 hit, ready 6 but accepted after the older pieces, in 9.
        // c8 dispatch LOAD; c9 dispatch STORE, LOAD issues [0,8) on ch0: hit, xfer 1 -> ready 12, ch0
        // free 10. c10: the LOAD issues [32,40) (ch0 bank 0 row 0) and the STORE issues [32,40) too. Load
        // first: LOAD start 10, hit 2, xfer 1 -> ready 13, free 11; STORE start 11 -> 14. LOAD last 13,
        // STORE last 14; FINISH in 15. The load read HBM before the store wrote it in the same cycle.
        byte[] old = {1, 2, 3, 4, 5, 6, 7, 8};
        SimulationResult r = TestChips.run(WS,
                "LOAD mem=sp row=0 hbm=0 rows=2 bytes=8 stride=32\n"
                        + "STORE mem=sp row=5 hbm=32 rows=1 bytes=8 stride=8\nFINISH",
                List.of(new HbmSegment(32, old)));
        assertEquals(List.of(new InstructionTiming(0, Opcode.LOAD, 9, 13), new InstructionTiming(1, Opcode.STORE, 10, 14)),
                r.timings());
        assertEquals(16, r.counters().cycles());
        assertArrayEquals(old, Arrays.copyOfRange(r.scratchpad(), 8, 16));
        assertArrayEquals(new byte[8], r.hbm().snapshot(32, 8));
    }
}
