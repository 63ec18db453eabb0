package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.isa.HbmSegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GEMM data against a plain triple loop, through the sp layouts of isa.md's dataflow table, on a 4 x 8
 * array with shapes smaller than the array, accumulating onto random accumulator rows twice (the second
 * GEMM keeps the stationary operand without preload on WS and IS).
 */
class GemmFunctionalTest {

    private static final int D = 8;
    private static final int C = 8;
    private static final int SP_A = 0;
    private static final int SP_A2 = 8;
    private static final int SP_B = 16;
    private static final int SP_B2 = 24;
    private static final int ACC_ROWS = 8;

    static Stream<Arguments> chips() {
        return Stream.of(
                Arguments.of(TestChips.chip(Dataflow.WS)),
                Arguments.of(TestChips.chip(Dataflow.IS)),
                Arguments.of(TestChips.chip(Dataflow.OS)),
                Arguments.of(TestChips.chip(4, 8, Dataflow.WS, 16, PeType.LINEAR, TestChips.LINEAR)),
                Arguments.of(TestChips.chip(4, 8, Dataflow.OS, 17, PeType.LINEAR, TestChips.LINEAR)),
                Arguments.of(TestChips.logChip(Dataflow.WS)),
                Arguments.of(TestChips.logChip(Dataflow.IS)),
                Arguments.of(TestChips.logChip(Dataflow.OS)));
    }

    @ParameterizedTest
    @MethodSource("chips")
    void matchesTripleLoop(ChipConfig chip) {
        Dataflow df = chip.array().dataflow();
        int accBits = chip.array().accumulatorBits();
        boolean log = chip.array().pe() == PeType.LOG;
        // m x k times k x n within the dataflow's limits (isa.md): WS k <= R, n <= C; IS k <= R, m <= C;
        // OS m <= R, n <= C.
        int m = df == Dataflow.IS ? 5 : 3;
        int k = df == Dataflow.OS ? 6 : 3;
        int n = df == Dataflow.IS ? 3 : 5;
        Random rnd = new Random(chip.hash().hashCode());
        long[][] a = random(rnd, m, k);
        long[][] a2 = random(rnd, m, k);
        long[][] b = random(rnd, k, n);
        long[][] b2 = random(rnd, k, n);

        byte[] sp = new byte[32 * D];
        byte[] acc = new byte[ACC_ROWS * C * 4];
        rnd.nextBytes(acc);
        long[][] expected = new long[ACC_ROWS][C];
        for (int r = 0; r < ACC_ROWS; r++) {
            for (int j = 0; j < C; j++) {
                expected[r][j] = signExtend(accRaw(acc, r, j), accBits);
            }
        }
        String second;
        switch (df) {
            case WS -> {
                // a: m rows of A (k elements); b: k rows of B (n elements); result m rows of C
                put(sp, SP_A, a);
                put(sp, SP_A2, a2);
                put(sp, SP_B, b);
                second = "GEMM a=" + SP_A2 + " b=" + SP_B + " c=0 m=" + m + " k=" + k + " n=" + n + " accumulate";
                addProduct(expected, a, b, false, accBits, log);
                addProduct(expected, a2, b, false, accBits, log);
            }
            case IS -> {
                // a: k rows of A^T (m elements, stationary); b: n rows of B^T (k elements); result C^T
                put(sp, SP_A, transpose(a));
                put(sp, SP_B, transpose(b));
                put(sp, SP_B2, transpose(b2));
                second = "GEMM a=" + SP_A + " b=" + SP_B2 + " c=0 m=" + m + " k=" + k + " n=" + n + " accumulate";
                addProduct(expected, a, b, true, accBits, log);
                addProduct(expected, a, b2, true, accBits, log);
            }
            default -> {
                // a: k rows of A^T; b: k rows of B; result m rows of C
                put(sp, SP_A, transpose(a));
                put(sp, SP_A2, transpose(a2));
                put(sp, SP_B, b);
                put(sp, SP_B2, b2);
                second = "GEMM a=" + SP_A2 + " b=" + SP_B2 + " c=0 m=" + m + " k=" + k + " n=" + n + " accumulate";
                addProduct(expected, a, b, false, accBits, log);
                addProduct(expected, a2, b2, false, accBits, log);
            }
        }
        String preload = df == Dataflow.OS ? "" : " preload";
        String asm = "LOAD mem=sp row=0 hbm=0 rows=32 bytes=8 stride=8\n"
                + "LOAD mem=acc row=0 hbm=4096 rows=" + ACC_ROWS + " bytes=32 stride=32 push-next\n"
                + "GEMM a=" + SP_A + " b=" + SP_B + " c=0 m=" + m + " k=" + k + " n=" + n + preload
                + " accumulate pop-prev\n" + second + "\nFINISH";
        SimulationResult r = TestChips.run(chip, asm, List.of(new HbmSegment(0, sp), new HbmSegment(4096, acc)));

        byte[] got = r.accumulator();
        int resultRows = df == Dataflow.IS ? n : m;
        int width = df == Dataflow.IS ? m : n;
        for (int row = 0; row < ACC_ROWS; row++) {
            for (int j = 0; j < C; j++) {
                // Elements beyond the result width and rows beyond the result keep their raw bytes.
                long want = row < resultRows && j < width
                        ? expected[row][j] & 0xFFFFFFFFL
                        : accRaw(acc, row, j);
                assertEquals(want, accRaw(got, row, j), "acc row " + row + " element " + j);
            }
        }
    }

    /** expected[r][j] += (A B)[r][j], or its transpose, modulo 2^A and sign-extended. */
    private static void addProduct(long[][] expected, long[][] a, long[][] b, boolean transposed, int accBits,
            boolean log) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                BigInteger sum = BigInteger.ZERO;
                for (int t = 0; t < b.length; t++) {
                    sum = sum.add(product(a[i][t], b[t][j], log));
                }
                int row = transposed ? j : i;
                int col = transposed ? i : j;
                BigInteger total = sum.add(BigInteger.valueOf(expected[row][col]));
                expected[row][col] = signExtend(total.longValue(), accBits);
            }
        }
    }

    /** isa.md: a * b, or for a log PE, b is sign | exponent and means +-2^e (sign set with e = 0 means 0). */
    private static BigInteger product(long a, long b, boolean log) {
        if (!log) {
            return BigInteger.valueOf(a * b);
        }
        int code = (int) b & 0xFF;
        boolean negative = (code & 0x80) != 0;
        int e = code & 0x7F;
        if (negative && e == 0) {
            return BigInteger.ZERO;
        }
        BigInteger p = BigInteger.valueOf(a).shiftLeft(e);
        return negative ? p.negate() : p;
    }

    private static long[][] random(Random rnd, int rows, int cols) {
        long[][] x = new long[rows][cols];
        for (long[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextInt(256) - 128;
            }
        }
        return x;
    }

    private static long[][] transpose(long[][] x) {
        long[][] t = new long[x[0].length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                t[j][i] = x[i][j];
            }
        }
        return t;
    }

    private static void put(byte[] sp, int firstRow, long[][] rows) {
        for (int r = 0; r < rows.length; r++) {
            for (int e = 0; e < rows[r].length; e++) {
                sp[(firstRow + r) * D + e] = (byte) rows[r][e];
            }
        }
    }

    private static long accRaw(byte[] acc, int row, int j) {
        int at = (row * C + j) * 4;
        return (acc[at] & 0xFFL) | (acc[at + 1] & 0xFFL) << 8 | (acc[at + 2] & 0xFFL) << 16
                | (acc[at + 3] & 0xFFL) << 24;
    }

    private static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }
}
