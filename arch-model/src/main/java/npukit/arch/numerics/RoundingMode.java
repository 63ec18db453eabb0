package npukit.arch.numerics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a value that falls between two integers is resolved. Every mode is described by one decision:
 * given the floor of the exact value and how its fraction compares with one half, does the result
 * step up to floor + 1? Shifts, float-to-integer quantization and the RTL all use that decision, so
 * a mode is specified in exactly one place.
 *
 * <p>{@link #STOCHASTIC} needs a random source; use {@link #rounder(long)} to get one seeded
 * explicitly. The deterministic modes ignore the seed.
 */
public enum RoundingMode {
    HALF_EVEN("half-even", "nearest, ties to even (NumPy, PyTorch, ONNX, TensorRT, Gemmini)"),
    HALF_AWAY("half-away", "nearest, ties away from zero (gemmlowp RoundingDivideByPOT, CMSIS-NN)"),
    HALF_UP("half-up", "nearest, ties toward +infinity (TFLite single rounding, Vitis AI DPU)"),
    HALF_DOWN("half-down", "nearest, ties toward -infinity"),
    HALF_ZERO("half-zero", "nearest, ties toward zero"),
    FLOOR("floor", "toward -infinity, an arithmetic shift (TVM VTA)"),
    CEIL("ceil", "toward +infinity (Ascend Ceil)"),
    TRUNC("trunc", "toward zero (Vitis HLS AP_TRN_ZERO, Ascend Trunc)"),
    STOCHASTIC("stochastic", "up with probability equal to the fraction; seeded xorshift32");

    private final String cliName;
    private final String description;

    RoundingMode(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name used on the command line and in config files, e.g. {@code half-even}. */
    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public boolean isStochastic() {
        return this == STOCHASTIC;
    }

    /**
     * The decision of a deterministic mode.
     *
     * @param floor      floor of the exact value
     * @param fracVsHalf sign of (fraction - 1/2): -1, 0 or +1
     * @param inexact    whether the fraction is non-zero
     * @return whether the result is floor + 1
     */
    public boolean roundsUp(long floor, int fracVsHalf, boolean inexact) {
        boolean negative = floor < 0;
        return switch (this) {
            case FLOOR -> false;
            case CEIL -> inexact;
            case TRUNC -> inexact && negative;
            case HALF_UP -> fracVsHalf >= 0;
            case HALF_DOWN -> fracVsHalf > 0;
            case HALF_EVEN -> fracVsHalf > 0 || (fracVsHalf == 0 && (floor & 1) != 0);
            case HALF_AWAY -> fracVsHalf > 0 || (fracVsHalf == 0 && !negative);
            case HALF_ZERO -> fracVsHalf > 0 || (fracVsHalf == 0 && negative);
            case STOCHASTIC -> throw new IllegalStateException(
                    "stochastic rounding needs a seeded random source: use RoundingMode.rounder(seed)");
        };
    }

    /** A rounder for this mode; the seed is used only by {@link #STOCHASTIC}. */
    public Rounder rounder(long seed) {
        return this == STOCHASTIC ? new StochasticRounder(seed) : new DeterministicRounder(this);
    }

    /** A rounder for a deterministic mode. */
    public Rounder rounder() {
        if (this == STOCHASTIC) {
            throw new IllegalStateException("stochastic rounding needs an explicit seed: use rounder(seed)");
        }
        return new DeterministicRounder(this);
    }

    /** Parses a command-line or config name; an unknown name lists the valid ones. */
    public static RoundingMode parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RoundingMode m : values()) {
            if (m.cliName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown rounding mode '" + name + "'; valid modes: " + validNames());
    }

    public static String validNames() {
        return Arrays.stream(values()).map(RoundingMode::cliName).collect(Collectors.joining(", "));
    }
}
