package npukit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import npukit.arch.config.ControlConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The blocked GEMM (GemmArithmetic, GemmKernel) against a plain per-element triple loop written from
 * isa.md's arithmetic, over random arrays (1..40 x 1..40), operand widths 2..16, accumulator widths
 * 2W..32, both PEs and all three dataflows: sequences of GEMMs with random shapes, preloads (a kept
 * stationary operand on WS and IS), accumulate flags, and streams longer than a block. Every acc word
 * is compared after every GEMM, including those the GEMM must leave alone.
 */
class GemmBitExactTest {

    private static final int SP_ROWS = 1024;
    private static final int ACC_ROWS = 400;

    static Stream<Long> seeds() {
        return IntStream.range(0, 60).mapToObj(i -> 20261206L + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void blockedGemmEqualsPlainLoop(long seed) {
        Random rnd = new Random(seed);
        int rows = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 40);
        int cols = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 40);
        int w = 2 + rnd.nextInt(15);
        int a = Math.max(8, 2 * w) + rnd.nextInt(32 - Math.max(8, 2 * w) + 1);
        Dataflow df = Dataflow.values()[rnd.nextInt(3)];
        PeType pe = rnd.nextBoolean() ? PeType.LINEAR : PeType.LOG;
        Geometry g = geometry(rows, cols, w, a, df, pe);
        String where = "seed " + seed + ": " + rows + "x" + cols + " " + df + " " + pe + " W=" + w + " A=" + a;

        RowMemory sp = new RowMemory("sp", SP_ROWS, g.d(), g.elementBytes(), w);
        RowMemory acc = new RowMemory("acc", ACC_ROWS, cols, 4, a);
        byte[] raw = new byte[g.d() * g.elementBytes()];
        for (int r = 0; r < SP_ROWS; r++) {
            rnd.nextBytes(raw);
            sp.write(r, 0, raw, 0, raw.length);
        }
        long[][] words = new long[ACC_ROWS][cols];
        byte[] accRow = new byte[cols * 4];
        for (int r = 0; r < ACC_ROWS; r++) {
            rnd.nextBytes(accRow);
            acc.write(r, 0, accRow, 0, accRow.length);
            for (int j = 0; j < cols; j++) {
                words[r][j] = acc.word(r, j);
            }
        }
        Sram sram = new Sram(sp, acc);
        GemmDataflow dataflow = GemmDataflow.of(g);
        long stationaryBase = -1;
        long stationaryK = -1;
        for (int step = 0; step < 6; step++) {
            boolean preload = df != Dataflow.OS && (step == 0 || rnd.nextInt(3) == 0);
            long k = df == Dataflow.OS ? 1 + rnd.nextInt(g.d() + 8)
                    : preload ? 1 + rnd.nextInt(rows) : stationaryK;
            // The streamed extent (m on WS, n on IS) crosses the dataflow's block of 128 rows at times.
            long streamed = 1 + rnd.nextInt(rnd.nextBoolean() ? 200 : 9);
            long m = switch (df) {
                case WS -> streamed;
                case IS -> 1 + rnd.nextInt(cols);
                case OS -> 1 + rnd.nextInt(rows);
            };
            long n = df == Dataflow.IS ? streamed : 1 + rnd.nextInt(cols);
            long aRow = rnd.nextInt(SP_ROWS - 300);
            long bRow = rnd.nextInt(SP_ROWS - 300);
            long cRow = rnd.nextInt(ACC_ROWS - 300);
            boolean accumulate = rnd.nextBoolean();
            if (preload) {
                stationaryBase = df == Dataflow.WS ? bRow : aRow;
                stationaryK = k;
            }
            Instruction.Gemm ins = new Instruction.Gemm(Tokens.NONE, aRow, bRow, cRow, m, k, n, preload, accumulate);
            reference(g, sp, words, ins, stationaryBase);
            dataflow.execute(ins, sram);
            for (int r = 0; r < ACC_ROWS; r++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(words[r][j], acc.word(r, j), where + ", GEMM " + step + " " + ins + ": acc row " + r
                            + " element " + j);
                }
            }
        }
    }

    /** Applies ins to the acc words the plain way: every C element a sum of k products. */
    private static void reference(Geometry g, RowMemory sp, long[][] words, Instruction.Gemm ins, long stationaryBase) {
        int a = g.accumulatorBits();
        boolean log = g.pe() == PeType.LOG;
        for (int i = 0; i < ins.m(); i++) {
            for (int j = 0; j < ins.n(); j++) {
                long sum = 0;
                for (int t = 0; t < ins.k(); t++) {
                    // isa.md's sp layouts: A[i][t] and B[t][j] by dataflow (WS: A rows and B rows; IS: A^T
                    // rows, stationary, and B^T rows; OS: A^T rows and B rows).
                    long av = switch (g.dataflow()) {
                        case WS -> sp.element(ins.a() + i, t);
                        case IS -> sp.element(stationaryBase + t, i);
                        case OS -> sp.element(ins.a() + t, i);
                    };
                    long bv = switch (g.dataflow()) {
                        case WS -> sp.element(stationaryBase + t, j);
                        case IS -> sp.element(ins.b() + j, t);
                        case OS -> sp.element(ins.b() + t, j);
                    };
                    sum += log ? logProduct(av, bv, g.operandBits()) : av * bv;
                }
                int row = (int) (ins.c() + (g.dataflow() == Dataflow.IS ? j : i));
                int col = g.dataflow() == Dataflow.IS ? i : j;
                long old = ins.accumulate() ? signExtend(words[row][col], a) : 0;
                words[row][col] = signExtend(old + sum, a);
            }
        }
    }

    /** a times the log code b: sign bit W-1, exponent below it, the sign with exponent 0 meaning 0 (isa.md). */
    private static long logProduct(long a, long b, int w) {
        long code = b & ((1L << w) - 1);
        boolean negative = (code >>> (w - 1)) != 0;
        long e = code & ((1L << (w - 1)) - 1);
        if (negative && e == 0) {
            return 0;
        }
        // Beyond 40 the product is 0 modulo any A <= 32 (and a << 63 would lose bits a long keeps mod 2^64).
        long p = e >= 40 ? 0 : a << e;
        return negative ? -p : p;
    }

    private static long signExtend(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }

    private static Geometry geometry(int rows, int cols, int w, int a, Dataflow df, PeType pe) {
        int d = Math.max(rows, cols);
        int e = w <= 8 ? 1 : 2;
        return new Geometry(rows, cols, d, w, a, e, (long) d * e, cols * 4L, SP_ROWS, ACC_ROWS, 1 << 20, 16, df, pe, 1,
                ControlConfig.defaults(TestChips.HBM), false);
    }
}
