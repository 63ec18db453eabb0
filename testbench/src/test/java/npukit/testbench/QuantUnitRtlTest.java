package npukit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.arch.numerics.RoundingMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated quantization unit against the Java golden model, bit for bit: every rounding mode on
 * every requantization path, exhaustively over a small accumulator range with a grid of registers,
 * then on 100,000 seeded random accumulators and registers per configuration. The two run in
 * lockstep, so the stochastic mode's random source is checked draw by draw, including across idle
 * cycles, which must not advance it.
 */
class QuantUnitRtlTest {

    private static final int ACC_BITS = 32;
    private static final int RANDOM_INPUTS = 100_000;

    record Case(String name, QuantConfig config) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (RoundingMode m : RoundingMode.values()) {
            String mode = m.cliName();
            cases.add(new Case("linear double-rounding " + mode,
                    new QuantConfig(QuantScheme.LINEAR, m, RequantPath.DOUBLE_ROUNDING, Granularity.PER_CHANNEL,
                            false, 8, 8, 32, 16, 7)));
            cases.add(new Case("linear single-rounding 32-bit multiplier " + mode,
                    new QuantConfig(QuantScheme.LINEAR, m, RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR,
                            false, 8, 8, 32, 16, 11)));
            cases.add(new Case("power-of-two int8 " + mode,
                    new QuantConfig(QuantScheme.POWER_OF_TWO, m, RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR,
                            true, 8, 8, 32, 16, 13)));
            if (!m.isStochastic()) {
                cases.add(new Case("logarithmic 16 steps/octave " + mode,
                        new QuantConfig(QuantScheme.LOGARITHMIC, m, RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR,
                                true, 8, 8, 32, 16, 1)));
            }
        }
        // Widths other than 8 and a multiplier narrower than 32 bits, on a few modes.
        for (RoundingMode m : List.of(RoundingMode.HALF_EVEN, RoundingMode.HALF_UP, RoundingMode.STOCHASTIC)) {
            cases.add(new Case("linear single-rounding 16-bit multiplier int4 " + m.cliName(),
                    new QuantConfig(QuantScheme.LINEAR, m, RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR,
                            false, 4, 4, 16, 16, 5)));
            cases.add(new Case("power-of-two int16 " + m.cliName(),
                    new QuantConfig(QuantScheme.POWER_OF_TWO, m, RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR,
                            true, 16, 16, 32, 16, 3)));
        }
        for (RoundingMode m : List.of(RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEIL)) {
            cases.add(new Case("logarithmic 3 steps/octave int6 " + m.cliName(),
                    new QuantConfig(QuantScheme.LOGARITHMIC, m, RequantPath.SINGLE_ROUNDING, Granularity.PER_TENSOR,
                            true, 6, 6, 32, 3, 1)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rtlMatchesTheGoldenModel(Case c) {
        QuantUnitRtl rtl = new QuantUnitRtl(VerilatorBuild.atDefaultCache(), c.config(), ACC_BITS, "test");
        QuantUnit golden = new QuantUnit(c.config(), ACC_BITS);
        Checker check = new Checker(c, rtl, golden);

        long range = c.config().scheme() == QuantScheme.LOGARITHMIC ? 1 << 16 : 1 << 12;
        for (QuantUnitRegs regs : registerGrid(c.config())) {
            check.load(regs);
            for (long acc = -range; acc < range; acc++) {
                check.one(acc);
            }
            rtl.idle();
        }

        SplittableRandom random = new SplittableRandom(0x5EED_0000L + c.name().hashCode());
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            if (i % 64 == 0) {
                check.load(randomRegs(c.config(), random));
            }
            if (i % 1000 == 999) {
                rtl.idle();
            }
            check.one(randomAccumulator(random));
        }
        assertEquals(0, check.mismatches, check.report());
    }

    /** Counts mismatches and keeps the first few, so one failure shows the pattern, not just one value. */
    private static final class Checker {
        final Case c;
        final QuantUnitRtl rtl;
        final QuantUnit golden;
        QuantUnitRegs regs;
        int mismatches;
        final StringBuilder first = new StringBuilder();

        Checker(Case c, QuantUnitRtl rtl, QuantUnit golden) {
            this.c = c;
            this.rtl = rtl;
            this.golden = golden;
        }

        void load(QuantUnitRegs r) {
            regs = r;
            rtl.load(r);
        }

        void one(long acc) {
            int expected = golden.apply(acc, regs);
            int actual = rtl.apply(acc);
            if (expected != actual && mismatches++ < 10) {
                first.append("\n  acc=").append(acc).append(' ').append(regs)
                        .append(": java ").append(expected).append(", rtl ").append(actual);
            }
        }

        String report() {
            return c.name() + ": " + mismatches + " outputs differ; first ones:" + first;
        }
    }

    private static List<QuantUnitRegs> registerGrid(QuantConfig q) {
        List<QuantUnitRegs> grid = new ArrayList<>();
        for (boolean relu : new boolean[] {false, true}) {
            switch (q.scheme()) {
                case LINEAR -> {
                    // An odd multiplier almost never leaves an exact tie; 0.5 and 0.75 leave many.
                    int quarter = 1 << (q.multiplierBits() - 3);
                    int largest = (int) ((1L << (q.multiplierBits() - 1)) - 1);
                    for (int multiplier : new int[] {2 * quarter + 12345 % quarter, 2 * quarter, 3 * quarter}) {
                        for (int shift : new int[] {-3, 0, 1, 5, 12}) {
                            grid.add(new QuantUnitRegs(0, multiplier, shift, 0, relu));
                        }
                    }
                    grid.add(new QuantUnitRegs(-17, largest, 7, q.activationMin() + 3, relu));
                }
                case POWER_OF_TWO -> {
                    for (int shift = 0; shift <= 12; shift++) {
                        grid.add(new QuantUnitRegs(0, 0, shift, shift % 3 - 1, relu));
                    }
                }
                case LOGARITHMIC -> {
                    for (int z : new int[] {0, -20, 100}) {
                        grid.add(new QuantUnitRegs(0, 0, 0, z, relu));
                    }
                }
            }
        }
        return grid;
    }

    private static QuantUnitRegs randomRegs(QuantConfig q, SplittableRandom r) {
        boolean relu = r.nextBoolean();
        int bias = r.nextInt(4) == 0 ? 0 : r.nextInt();
        return switch (q.scheme()) {
            case LINEAR -> {
                long top = 1L << (q.multiplierBits() - 1);
                int multiplier = (int) switch (r.nextInt(3)) {
                    case 0 -> r.nextLong(top / 2, top);
                    case 1 -> r.nextLong(top);
                    // Few significant bits, so products often land exactly on a rounding tie.
                    default -> (long) r.nextInt(1, 16) << r.nextInt(q.multiplierBits() - 5);
                };
                yield new QuantUnitRegs(bias, multiplier, r.nextInt(-31, 32),
                        r.nextInt(q.activationMin(), q.activationMax() + 1), relu);
            }
            case POWER_OF_TWO -> new QuantUnitRegs(bias, 0, r.nextInt(0, 32),
                    r.nextInt(q.activationMin(), q.activationMax() + 1), relu);
            case LOGARITHMIC -> new QuantUnitRegs(bias, 0, 0, r.nextInt(-600, 600), relu);
        };
    }

    /** Mostly full-range accumulators, some small ones where rounding ties are frequent. */
    private static long randomAccumulator(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextInt(-1024, 1024);
            case 1 -> r.nextInt() >> r.nextInt(32);
            default -> r.nextInt();
        };
    }
}
