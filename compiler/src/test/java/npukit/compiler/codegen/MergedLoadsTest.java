package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import npukit.isa.gen.Transfer;
import org.junit.jupiter.api.Test;

/** Which steps' tile loads become one LOAD. */
class MergedLoadsTest {

    // Step t loads 16 runs of 16 bytes, 50 bytes apart, into scratchpad rows 100 + 16 t: each continues the last.
    private static Transfer tile(int t) {
        return new Transfer(1000 + 16L * 50 * t, 16, 16, 50);
    }

    private static long[] rows(int n) {
        long[] rows = new long[n];
        for (int t = 0; t < n; t++) {
            rows[t] = 100 + 16L * t;
        }
        return rows;
    }

    @Test
    void consecutiveTilesBecomeOneLoadUpToTheCap() {
        Transfer[] loads = {tile(0), tile(1), tile(2), tile(3), tile(4)};
        MergedLoads merged = new MergedLoads(loads, rows(5), new boolean[5], 48);
        assertEquals(new Transfer(1000, 48, 16, 50), merged.at(0));
        assertNull(merged.at(1));
        assertNull(merged.at(2));
        assertEquals(new Transfer(1000 + 16L * 50 * 3, 32, 16, 50), merged.at(3));
        assertNull(merged.at(4));
    }

    @Test
    void aStepThatWaitsForAGemmLoadsOnItsOwn() {
        Transfer[] loads = {tile(0), tile(1), tile(2)};
        boolean[] waits = {false, false, true};
        MergedLoads merged = new MergedLoads(loads, rows(3), waits, 1000);
        assertEquals(new Transfer(1000, 32, 16, 50), merged.at(0));
        assertNull(merged.at(1));
        assertEquals(tile(2), merged.at(2));
    }

    @Test
    void stepsWithoutALoadAreSkippedAndTilesThatDoNotContinueAreNotJoined() {
        long[] rows = rows(4);
        rows[3] = 500;
        Transfer[] loads = {tile(0), null, tile(2), tile(3)};
        MergedLoads merged = new MergedLoads(loads, rows, new boolean[4], 1000);
        // Step 2's tile does not follow step 0's in HBM (step 1's is missing), nor step 3's in the scratchpad.
        assertEquals(tile(0), merged.at(0));
        assertNull(merged.at(1));
        assertEquals(tile(2), merged.at(2));
        assertEquals(tile(3), merged.at(3));
        Transfer[] otherRuns = {tile(0), new Transfer(1000 + 16L * 50, 16, 8, 50)};
        assertEquals(tile(0), new MergedLoads(otherRuns, rows(2), new boolean[2], 1000).at(0));
    }
}
