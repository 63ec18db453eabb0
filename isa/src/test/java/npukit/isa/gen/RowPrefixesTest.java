package npukit.isa.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RowPrefixes} answers as an {@link IntervalSet} of the same ranges would: on row prefixes (all a
 * generated program writes and reads) and on ranges that start inside a row, span rows or lie past the
 * memory, mixed.
 */
class RowPrefixesTest {

    @Test
    void answersAsAnIntervalSetOfTheSameRanges() {
        SplittableRandom rnd = new SplittableRandom(20261207L);
        for (int trial = 0; trial < 300; trial++) {
            long rowBytes = 1L << rnd.nextInt(1, 7);
            int rows = rnd.nextInt(1, 24);
            RowPrefixes prefixes = new RowPrefixes(rows, rowBytes);
            IntervalSet exact = new IntervalSet();
            boolean prefixesOnly = trial % 2 == 0;
            for (int op = 0; op < 200; op++) {
                long start;
                long end;
                if (prefixesOnly || rnd.nextInt(4) > 0) {
                    start = rnd.nextInt(rows + 2) * rowBytes;
                    end = start + rnd.nextLong(1, rowBytes + 1);
                } else {
                    start = rnd.nextLong(0, (rows + 2) * rowBytes);
                    end = start + rnd.nextLong(1, 3 * rowBytes);
                }
                if (rnd.nextInt(4) == 0) {
                    // Runs of rows, as instructions touch them: mostly whole-row prefixes one row apart.
                    long runs = rnd.nextLong(1, rows + 1);
                    long stride = rnd.nextInt(3) > 0 ? rowBytes : rnd.nextLong(1, 2 * rowBytes);
                    long bytes = Math.min(end - start, stride);
                    if (rnd.nextBoolean()) {
                        prefixes.addRuns(start, runs, bytes, stride);
                        exact.addRuns(start, runs, bytes, stride);
                    } else {
                        assertEquals(exact.firstMissingOfRuns(start, runs, bytes, stride),
                                prefixes.firstMissingOfRuns(start, runs, bytes, stride), "trial " + trial + " op " + op
                                        + ": " + runs + " runs of " + bytes + " from " + start + " by " + stride);
                    }
                } else if (rnd.nextBoolean()) {
                    prefixes.add(start, end);
                    exact.add(start, end);
                } else {
                    assertEquals(exact.firstMissing(start, end), prefixes.firstMissing(start, end),
                            "trial " + trial + " op " + op + ": [" + start + ", " + end + ") of rows of " + rowBytes);
                }
            }
        }
    }
}
