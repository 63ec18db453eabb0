package npukit.arch.numerics;

/**
 * The quantization unit's runtime registers, set per layer (or per output channel). The limits that
 * hold for every scheme are checked here; {@link QuantUnit} checks the ones that depend on its
 * config (multiplier width, shift range of the scheme, zero point range).
 *
 * @param bias       added to the accumulator before requantization; a full 32-bit register
 * @param multiplier fixed-point multiplier of the linear scheme, unsigned; ignored by the others
 * @param shift      right shift, at most 31 either way; negative is a left shift (linear only)
 * @param zeroPoint  output zero point (linear, power-of-two) or log offset z (logarithmic)
 * @param relu       fused ReLU
 */
public record QuantUnitRegs(int bias, int multiplier, int shift, int zeroPoint, boolean relu) {

    public static final int MAX_SHIFT = 31;

    public QuantUnitRegs {
        if (multiplier < 0) {
            throw new IllegalArgumentException("multiplier register is unsigned, got " + multiplier);
        }
        if (shift < -MAX_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift register must be in " + -MAX_SHIFT + ".." + MAX_SHIFT
                    + ", got " + shift);
        }
    }
}
