package npukit.isa.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link IntervalSet} answers as a set of single bytes would, including its whole-run shortcuts: runs
 * that touch or overlap (stride at most the run length, stride 0 repeating one run) added as one
 * interval, and a read of many runs answered by the one interval holding them all.
 */
class IntervalSetTest {

    @Test
    void answersAsASetOfBytes() {
        SplittableRandom rnd = new SplittableRandom(20261207L);
        for (int trial = 0; trial < 300; trial++) {
            IntervalSet set = new IntervalSet();
            BitSet bytes = new BitSet();
            int size = rnd.nextInt(16, 600);
            for (int op = 0; op < 150; op++) {
                long base = rnd.nextLong(0, size);
                long rows = rnd.nextLong(1, 12);
                long len = rnd.nextLong(1, 24);
                long stride = switch (rnd.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> len;
                    case 2 -> rnd.nextLong(1, len + 1);
                    default -> rnd.nextLong(len, 3 * len + 2);
                };
                String what = "trial " + trial + " op " + op + ": " + rows + " runs of " + len + " from " + base
                        + " by " + stride;
                if (rnd.nextInt(3) == 0) {
                    set.addRuns(base, rows, len, stride);
                    for (long r = 0; r < rows; r++) {
                        bytes.set((int) (base + r * stride), (int) (base + r * stride + len));
                    }
                } else {
                    assertEquals(firstMissingOfRuns(bytes, base, rows, len, stride),
                            set.firstMissingOfRuns(base, rows, len, stride), what);
                    assertEquals(Math.min(bytes.nextClearBit((int) base), base + len), set.firstMissing(base, base + len),
                            what);
                }
            }
        }
    }

    private static long firstMissingOfRuns(BitSet bytes, long base, long rows, long len, long stride) {
        for (long r = 0; r < rows; r++) {
            long s = base + r * stride;
            int at = bytes.nextClearBit((int) s);
            if (at < s + len) {
                return at;
            }
        }
        return -1;
    }
}
