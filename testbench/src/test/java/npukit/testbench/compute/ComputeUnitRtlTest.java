package npukit.testbench.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.arch.config.PeType;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.InstructionFormat;
import npukit.isa.MemorySpace;
import npukit.isa.Tokens;
import npukit.isa.ValuOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated compute unit against the spec, instruction by instruction on seeded random data:
 * the last cycle comes exactly at the duration microarchitecture.md gives, the port enables add up
 * to its "Memories" table, `macs` and the GEMM-busy output match, and both memories equal a plain
 * Java model bit for bit after every instruction. Instructions run back to back (the next starts in
 * the cycle after the last), except where the test rewrites memory rows in between.
 */
class ComputeUnitRtlTest {

    private static final int ROUNDS = 40;

    static Stream<ComputeConfigs.Case> cases() {
        return ComputeConfigs.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheSpec(ComputeConfigs.Case c) {
        new Session(c.chip(), 17 + c.name().hashCode()).run();
    }

    private static final class Session {
        private final ChipConfig chip;
        private final Geometry g;
        private final InstructionFormat format;
        private final ComputeHarnessRtl rtl;
        private final ComputeReference ref;
        private final SplittableRandom rnd;
        private long stationaryK;
        private long stationaryWidth;

        Session(ChipConfig chip, long seed) {
            this.chip = chip;
            this.g = Geometry.of(chip);
            this.format = InstructionFormat.forConfig(chip);
            this.rtl = new ComputeHarnessRtl(chip);
            this.ref = new ComputeReference(chip);
            this.rnd = new SplittableRandom(seed);
        }

        void run() {
            for (int r = 0; r < g.spRows(); r++) {
                fillSp(r);
            }
            for (int r = 0; r < g.accRows(); r++) {
                fillAcc(r);
            }
            for (int round = 0; round < ROUNDS; round++) {
                if (g.dataflow() == Dataflow.OS) {
                    gemmOs(round);
                } else {
                    gemmStationary(round);
                }
                quant(round);
                valu(round);
            }
        }

        // ---- data

        private void fillSp(int row) {
            for (int e = 0; e < g.d(); e++) {
                ref.setSpElement(row, e, operand());
            }
            rtl.writeSp(row, ref.sp[row]);
        }

        private void fillAcc(int row) {
            for (int j = 0; j < g.cols(); j++) {
                ref.setAccElement(row, j, rnd.nextLong());
            }
            rtl.writeAcc(row, ref.acc[row]);
        }

        /** A random operand; on a log PE, one whose exponent is mostly below A, so products are not all 0. */
        private long operand() {
            int w = g.operandBits();
            if (chip.array().pe() == PeType.LOG) {
                long e = rnd.nextInt(g.accumulatorBits() + 2);
                return ComputeReference.signExtend((rnd.nextBoolean() ? 1L << (w - 1) : 0) | e, w);
            }
            return ComputeReference.signExtend(rnd.nextLong(), w);
        }

        private int between(long lo, long hi) {
            return (int) (lo + rnd.nextLong(hi - lo + 1));
        }

        // ---- GEMM

        private void gemmStationary(int round) {
            boolean ws = g.dataflow() == Dataflow.WS;
            boolean preload = round % 3 == 0;
            if (preload) {
                stationaryK = round == 0 ? g.rows() : between(1, g.rows());
                stationaryWidth = round == 0 ? g.cols() : between(1, g.cols());
            } else {
                // The array must use what it preloaded, not the rows as they are now.
                for (int r = 0; r < 4; r++) {
                    fillSp(between(0, g.spRows() - 1));
                }
            }
            long k = stationaryK;
            long s = between(1, Math.min(20, g.accRows()));
            long stationaryRow = between(0, g.spRows() - k);
            long streamedRow = between(0, g.spRows() - s);
            long c = between(0, g.accRows() - s);
            long m = ws ? s : stationaryWidth;
            long n = ws ? stationaryWidth : s;
            long a = ws ? streamedRow : stationaryRow;
            long b = ws ? stationaryRow : streamedRow;
            boolean accumulate = rnd.nextBoolean();
            var ins = new Instruction.Gemm(Tokens.NONE, a, b, c, m, k, n, preload, accumulate);
            long d = (preload ? k : 0) + s + g.rows() + g.cols() - 1;
            check(ins, d, (preload ? k : 0) + s, 0, accumulate ? s : 0, s, m * k * n);
        }

        private void gemmOs(int round) {
            long m = round == 0 ? g.rows() : between(1, g.rows());
            long n = round == 0 ? g.cols() : between(1, g.cols());
            // The k field counts past the array on OS; the scratchpad bounds the operands' rows.
            long kMax = Math.min(format.maxK(), g.spRows());
            long k = round == 1 ? kMax : between(1, kMax);
            boolean accumulate = rnd.nextBoolean();
            var ins = new Instruction.Gemm(Tokens.NONE, between(0, g.spRows() - k), between(0, g.spRows() - k),
                    between(0, g.accRows() - m), m, k, n, false, accumulate);
            long d = k + g.rows() + g.cols() - 2 + m;
            check(ins, d, 2 * k, 0, accumulate ? m : 0, m, m * k * n);
        }

        // ---- QUANT

        private void quant(int round) {
            long rows = between(1, 10);
            int params = between(0, g.accRows() - 4);
            QuantConfig q = chip.quant();
            for (int j = 0; j < g.cols(); j++) {
                long bias = between(-(1 << 24), 1 << 24);
                long multiplier = 0;
                long shift = 0;
                long zeroPoint;
                if (q.scheme() == QuantScheme.LOGARITHMIC) {
                    zeroPoint = between(-8, 24);
                } else {
                    zeroPoint = between(q.activationMin(), q.activationMax());
                    if (q.scheme() == QuantScheme.LINEAR) {
                        long top = (1L << (q.multiplierBits() - 1)) - 1;
                        multiplier = between(top / 2, top);
                        shift = q.requant() == RequantPath.DOUBLE_ROUNDING ? between(-2, 12) : between(-8, 6);
                    } else {
                        shift = between(0, 20);
                    }
                }
                ref.setAccWord(params, j, bias);
                ref.setAccWord(params + 1, j, multiplier);
                ref.setAccWord(params + 2, j, shift);
                ref.setAccWord(params + 3, j, zeroPoint);
            }
            for (int r = 0; r < 4; r++) {
                rtl.writeAcc(params + r, ref.acc[params + r]);
            }
            var ins = new Instruction.Quant(Tokens.NONE, between(0, g.accRows() - rows), between(0, g.spRows() - rows),
                    rows, params, round % 2 == 1);
            check(ins, rows + 6, 0, rows, 4 + rows, 0, 0);
        }

        // ---- VALU

        private void valu(int round) {
            // TABLE and LUT (one after the other, so the LUT reads a table just filled) only with a table.
            int ops = g.lookupTable() ? ValuOp.values().length : ValuOp.TABLE.code();
            ValuOp op = ValuOp.values()[round % ops];
            MemorySpace mem = op.usesTable() || rnd.nextBoolean() ? MemorySpace.SP : MemorySpace.ACC;
            long memRows = g.rows(mem);
            long rows = op == ValuOp.TABLE
                    ? between(1, Math.min(g.lookupRows(), memRows))
                    : between(1, Math.min(12, memRows / 2));
            long src1 = between(0, memRows - rows);
            // Every few rounds dst overlaps src1 a few rows on, where the write delay shows.
            long dst = round % 4 == 0 ? Math.min(src1 + between(0, 4), memRows - rows) : between(0, memRows - rows);
            long src2 = between(0, memRows - rows);
            boolean useImm = op == ValuOp.SHR || op == ValuOp.CLAMP || rnd.nextBoolean();
            int imm;
            int imm2 = 0;
            if (op == ValuOp.SHR) {
                imm = between(0, 31);
            } else {
                imm = between(Short.MIN_VALUE, Short.MAX_VALUE);
                if (op == ValuOp.CLAMP) {
                    int bound = between(0, 200);
                    imm = between(-bound, 0);
                    imm2 = between(0, bound);
                }
            }
            var ins = new Instruction.Valu(Tokens.NONE, op, mem, dst, src1, src2, rows, imm, imm2, useImm);
            long reads = rows * (useImm ? 1 : 2);
            boolean sp = mem == MemorySpace.SP;
            long writes = op == ValuOp.TABLE ? 0 : rows;
            check(ins, rows + 2, sp ? reads : 0, sp ? writes : 0, sp ? 0 : reads, sp ? 0 : writes, 0);
        }

        // ---- checking

        private void check(Instruction ins, long duration, long spReads, long spWrites, long accReads,
                long accWrites, long macs) {
            ComputeHarnessRtl.Run run = rtl.execute(format.encodeBytes(ins));
            if (ins instanceof Instruction.Gemm gemm) {
                ref.gemm(gemm);
            } else if (ins instanceof Instruction.Quant q) {
                ref.quant(q);
            } else {
                ref.valu((Instruction.Valu) ins);
            }
            String what = ins.toString();
            assertEquals(duration - 1, run.lastCycle(), "last cycle of " + what);
            assertEquals(spReads, run.spReads(), "sp reads of " + what);
            assertEquals(spWrites, run.spWrites(), "sp writes of " + what);
            assertEquals(accReads, run.accReads(), "acc reads of " + what);
            assertEquals(accWrites, run.accWrites(), "acc writes of " + what);
            assertEquals(ins instanceof Instruction.Gemm ? duration : 0, run.gemmCycles(), "GEMM-busy cycles of " + what);
            assertEquals(macs, run.macs(), "macs of " + what);
            assertTrue(run.macsOnlyInLastCycle(), "macs outside the last cycle of " + what);
            for (int r = 0; r < g.spRows(); r++) {
                assertArrayEquals(ref.sp[r], rtl.readSp(r), "sp row " + r + " after " + what);
            }
            for (int r = 0; r < g.accRows(); r++) {
                assertArrayEquals(ref.acc[r], rtl.readAcc(r), "acc row " + r + " after " + what);
            }
        }
    }
}
