package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.isa.Geometry;

/**
 * The four accumulator rows a QUANT reads its lane registers from (isa.md, "QUANT"): bias,
 * multiplier, shift and zero point, one whole 32-bit word per column (read as stored, not reduced
 * to A bits). Every lane's registers pass {@link QuantUnit#check} for the chip's quant config.
 */
public final class QuantParams {

    private final Geometry g;
    private final QuantConfig config;
    private final QuantUnit unit;

    public QuantParams(Geometry g, QuantConfig config) {
        this.g = g;
        this.config = config;
        this.unit = new QuantUnit(config, g.accumulatorBits());
    }

    /** The four rows for these lanes, C x 4 bytes each; one register set per column. */
    public byte[] rows(List<QuantUnitRegs> lanes) {
        if (lanes.size() != g.cols()) {
            throw new IllegalArgumentException("quant parameters: " + lanes.size() + " lanes given, the array has "
                    + g.cols() + " columns");
        }
        byte[] out = new byte[Math.toIntExact(4 * g.accRowBytes())];
        for (int j = 0; j < lanes.size(); j++) {
            QuantUnitRegs r = lanes.get(j);
            unit.check(r);
            long[] values = {r.bias(), r.multiplier(), r.shift(), r.zeroPoint()};
            for (int row = 0; row < 4; row++) {
                ElementData.put(out, Math.toIntExact(row * g.accRowBytes() + 4L * j), 4, values[row]);
            }
        }
        return out;
    }

    /**
     * Registers for every lane, different per column, scaled so that accumulators of about
     * {@code accBits} significant bits land across the output range; some lanes get the extreme
     * register values.
     */
    List<QuantUnitRegs> randomLanes(int accBits, SplittableRandom rnd) {
        List<QuantUnitRegs> out = new ArrayList<>();
        for (int j = 0; j < g.cols(); j++) {
            out.add(random(accBits, rnd));
        }
        return out;
    }

    /** One lane's registers, drawn as {@link #randomLanes} draws each lane. */
    public QuantUnitRegs random(int accBits, SplittableRandom rnd) {
        int act = config.activationBits();
        boolean extreme = rnd.nextInt(8) == 0;
        long biasRange = 1L << Math.max(1, accBits - 2);
        int bias = extreme ? (rnd.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                : (int) rnd.nextLong(-biasRange, biasRange);
        int jitter = rnd.nextInt(-2, 3);
        if (config.scheme() == QuantScheme.LOGARITHMIC) {
            long steps = config.logStepsPerOctave();
            long z = steps * accBits - config.logMagnitudeMax() + jitter * steps;
            long zp = extreme ? (rnd.nextBoolean() ? Short.MIN_VALUE : Short.MAX_VALUE) : z;
            return new QuantUnitRegs(bias, 0, 0, (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, zp)), false);
        }
        int zp = rnd.nextBoolean() ? rnd.nextInt(config.activationMin(), config.activationMax() + 1)
                : Math.max(config.activationMin(), Math.min(config.activationMax(), rnd.nextInt(-8, 9)));
        if (config.scheme() == QuantScheme.POWER_OF_TWO) {
            int shift = extreme ? (rnd.nextBoolean() ? 0 : QuantUnitRegs.MAX_SHIFT)
                    : clampShift(accBits - (act - 1) + jitter, 0);
            return new QuantUnitRegs(bias, 0, shift, zp, false);
        }
        // Linear: multiplier m of p bits stands for m / 2^(multiplierBits-1); pick the shift that
        // makes the scale about 2^-(accBits - (act-1)).
        int p = config.multiplierBits() - 1;
        long maxMultiplier = (1L << p) - 1;
        long multiplier = extreme ? (rnd.nextBoolean() ? 0 : maxMultiplier) : rnd.nextLong(1L << (p - 1), maxMultiplier + 1);
        int shift = extreme ? (rnd.nextBoolean() ? -QuantUnitRegs.MAX_SHIFT : QuantUnitRegs.MAX_SHIFT)
                : clampShift(p - (config.multiplierBits() - 1) + accBits - (act - 1) + jitter, -QuantUnitRegs.MAX_SHIFT);
        return new QuantUnitRegs(bias, (int) multiplier, shift, zp, false);
    }

    private static int clampShift(int shift, int min) {
        return Math.max(min, Math.min(QuantUnitRegs.MAX_SHIFT, shift));
    }

}
