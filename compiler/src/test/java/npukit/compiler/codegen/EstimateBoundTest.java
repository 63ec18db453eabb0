package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The closed-form burst count of {@link EstimateBound}: a transfer's requests, summed row by row in
 * one step, must equal the per-row sum it replaced, or the search's pruning (and so its choice) would
 * change.
 */
class EstimateBoundTest {

    private static long perRow(long n, long m, long a, long b) {
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += (a * i + b) / m;
        }
        return sum;
    }

    @Test
    void floorSumEqualsTheSumOfItsTerms() {
        Random rnd = new Random(9);
        long[] bursts = {1, 2, 3, 32, 64, 96, 128, 4096};
        for (int trial = 0; trial < 20_000; trial++) {
            long m = bursts[rnd.nextInt(bursts.length)];
            long n = rnd.nextInt(trial % 10 == 0 ? 5000 : 80);
            // Strides and addresses as transfers use them: small, burst multiples plus a bit, and HBM-sized.
            long a = switch (trial % 4) {
                case 0 -> rnd.nextInt(8);
                case 1 -> m * rnd.nextInt(40) + rnd.nextInt((int) m);
                case 2 -> rnd.nextInt(1 << 20);
                default -> 0;
            };
            long b = trial % 3 == 0 ? rnd.nextInt(200) : (long) (rnd.nextDouble() * (1L << 34));
            assertEquals(perRow(n, m, a, b), EstimateBound.floorSum(n, m, a, b),
                    "n=" + n + " m=" + m + " a=" + a + " b=" + b);
        }
    }

    @Test
    void floorSumOfNoTermsIsZero() {
        assertEquals(0, EstimateBound.floorSum(0, 64, 100, 1000));
    }
}
