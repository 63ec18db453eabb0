package npukit.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import npukit.arch.numerics.RoundingMode;
import org.junit.jupiter.api.Test;

class ActivationScaleTest {

    private static final Range RANGE = new Range(-1, 2);

    @Test
    void linearAsymmetric() {
        // lo = -1, hi = 2, scale = 3 / 255, zp = -128 - R(-1 / (3/255)) = -128 + 85 = -43
        ActivationScale a = ActivationScale.from(RANGE, QuantConfig.tfliteInt8());
        assertEquals(3.0 / 255, a.scale(), 1e-15);
        assertEquals(-43, a.zeroPoint());
        assertEquals(8, a.bits());
        assertEquals(QuantScheme.LINEAR, a.scheme());
    }

    @Test
    void linearSymmetric() {
        QuantConfig cfg = new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_EVEN, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_TENSOR, true, 8, 8, 32, 16, 1);
        ActivationScale a = ActivationScale.from(RANGE, cfg);
        assertEquals(2.0 / 127, a.scale(), 1e-15);
        assertEquals(0, a.zeroPoint());
    }

    @Test
    void linearAsymmetricWithActivationBits() {
        // 4-bit: scale = 3 / 15 = 0.2, zp = -8 - R(-5) = -3
        QuantConfig cfg = new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_EVEN, RequantPath.SINGLE_ROUNDING,
                Granularity.PER_TENSOR, false, 8, 4, 32, 16, 1);
        ActivationScale a = ActivationScale.from(RANGE, cfg);
        assertEquals(0.2, a.scale(), 1e-15);
        assertEquals(-3, a.zeroPoint());
        assertEquals(4, a.bits());
    }

    @Test
    void powerOfTwo() {
        // max|x| = 2, qmax 127: 2 / 2^-6 = 128 > 127, 2 / 2^-5 = 64 <= 127 -> scale 2^-5
        ActivationScale a = ActivationScale.from(RANGE, QuantConfig.powerOfTwo(RoundingMode.HALF_UP, 8));
        assertEquals(0x1p-5, a.scale());
        assertEquals(0, a.zeroPoint());
    }

    @Test
    void logarithmicNnieOffset() {
        // c = 2: z = R(16 log2 2) - 127 = 16 - 127 = -111; scale 2^(-111/16)
        ActivationScale a = ActivationScale.from(RANGE, QuantConfig.nnieLog());
        assertEquals(-111, a.zeroPoint());
        assertEquals(Math.pow(2, -111.0 / 16), a.scale(), 1e-18);
        // c = 1 gives z = -127, as in the numerics doc.
        assertEquals(-127, ActivationScale.from(Range.symmetric(1), QuantConfig.nnieLog()).zeroPoint());
    }

    @Test
    void calibratedRangeFlowsThrough() {
        Calibrator c = CalibrationMethod.MINMAX.create();
        c.observe(new double[] {-1, 0.5, 2});
        assertEquals(-43, ActivationScale.from(c.range(), QuantConfig.tfliteInt8()).zeroPoint());
        assertThrows(IllegalArgumentException.class, () -> ActivationScale.from(null, QuantConfig.nnieLog()));
        assertThrows(IllegalArgumentException.class, () -> ActivationScale.from(RANGE, null));
    }
}
