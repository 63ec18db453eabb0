package npukit.arch.numerics;

import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;

/**
 * Golden model of the chip's quantization unit: accumulator to output code. The pipeline is
 * bias and saturation to the accumulator width, then the scheme's requantization, then zero point,
 * ReLU and clamp (linear, power-of-two) or the logarithmic encoder.
 *
 * <p>Register ranges beyond {@link QuantUnitRegs}'s own: linear multiplier 0..2^(multiplierBits-1)-1
 * and shift -31..31; power-of-two shift 0..31 (the multiplier is ignored); the zero point of both lies
 * in the activation range. The logarithmic scheme ignores multiplier and shift and takes its offset z
 * from the zero point register, a signed 16-bit value.
 *
 * <p>Not thread-safe when the mode is stochastic: the unit owns one random source, which advances
 * once per rounding, as the RTL's does.
 */
public final class QuantUnit {

    private static final int LOG_OFFSET_MIN = Short.MIN_VALUE;
    private static final int LOG_OFFSET_MAX = Short.MAX_VALUE;

    /** The scheme-specific part of the pipeline, from the saturated sum to the output code. */
    private interface Stage {
        int apply(long v, QuantUnitRegs regs);
    }

    private final QuantConfig config;
    private final int accumulatorBits;
    private final Stage stage;

    public QuantUnit(QuantConfig config, int accumulatorBits) {
        if (config == null) {
            throw new IllegalArgumentException("quant config is required");
        }
        if (accumulatorBits < 8 || accumulatorBits > 32) {
            throw new IllegalArgumentException("accumulator width must be 8..32 bits, got " + accumulatorBits);
        }
        this.config = config;
        this.accumulatorBits = accumulatorBits;
        Rounder rounder = config.rounding().rounder(config.stochasticSeed());
        this.stage = switch (config.scheme()) {
            case LINEAR -> config.requant() == RequantPath.DOUBLE_ROUNDING
                    ? (v, r) -> clampLinear(Requantizer.doubleRounding(v,
                            new FixedPointMultiplier(r.multiplier(), r.shift(), 32), rounder), r)
                    : (v, r) -> clampLinear(Requantizer.singleRounding(v,
                            new FixedPointMultiplier(r.multiplier(), r.shift(), config.multiplierBits()), rounder), r);
            case POWER_OF_TWO -> (v, r) -> clampLinear(Requantizer.powerOfTwo(v, r.shift(), rounder), r);
            case LOGARITHMIC -> {
                LogEncoder encoder = new LogEncoder(config.logStepsPerOctave(), config.rounding());
                yield (v, r) -> encoder.encode(v, r.zeroPoint(), config.activationBits(), r.relu());
            }
        };
    }

    public QuantConfig config() {
        return config;
    }

    public int accumulatorBits() {
        return accumulatorBits;
    }

    /** The output code for one accumulator value. */
    public int apply(long acc, QuantUnitRegs regs) {
        long limit = 1L << (accumulatorBits - 1);
        if (acc < -limit || acc >= limit) {
            throw new IllegalArgumentException("accumulator " + acc + " does not fit " + accumulatorBits
                    + " signed bits: must be in " + -limit + ".." + (limit - 1));
        }
        check(regs);
        long v = Requantizer.saturate(acc + regs.bias(), accumulatorBits, true);
        return stage.apply(v, regs);
    }

    /** Rejects registers this unit's config cannot hold. */
    public void check(QuantUnitRegs regs) {
        if (regs == null) {
            throw new IllegalArgumentException("registers are required");
        }
        QuantScheme scheme = config.scheme();
        if (scheme == QuantScheme.LOGARITHMIC) {
            requireRange("log offset (zero point)", regs.zeroPoint(), LOG_OFFSET_MIN, LOG_OFFSET_MAX);
            return;
        }
        requireRange("zero point", regs.zeroPoint(), config.activationMin(), config.activationMax());
        if (scheme == QuantScheme.LINEAR) {
            requireRange("multiplier (" + config.multiplierBits() + "-bit register, top bit clear)",
                    regs.multiplier(), 0, (1L << (config.multiplierBits() - 1)) - 1);
        } else {
            requireRange("power-of-two shift", regs.shift(), 0, QuantUnitRegs.MAX_SHIFT);
        }
    }

    private int clampLinear(long requantized, QuantUnitRegs regs) {
        long out = requantized + regs.zeroPoint();
        long lo = regs.relu() ? Math.max(config.activationMin(), regs.zeroPoint()) : config.activationMin();
        return (int) Math.max(lo, Math.min(config.activationMax(), out));
    }

    private static void requireRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " = " + value + ": must be in " + min + ".." + max);
        }
    }
}
