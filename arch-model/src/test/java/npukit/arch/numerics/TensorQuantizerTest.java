package npukit.arch.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.config.QuantScheme;
import npukit.arch.config.RequantPath;
import org.junit.jupiter.api.Test;

class TensorQuantizerTest {

    private static final Rounder EVEN = RoundingMode.HALF_EVEN.rounder();
    private static final Rounder AWAY = RoundingMode.HALF_AWAY.rounder();

    @Test
    void symmetricPerTensor() {
        // max 7.9375 = 127 / 16, so the scale is exactly 1/16.
        double[] x = {-7.9375, 1.0, 0.03125, -0.09375, 7.9375};
        QuantizedTensor even = new LinearQuantizer(8, true, 1, EVEN).quantize(x);
        assertArrayEquals(new int[] {-127, 16, 0, -2, 127}, even.codes());
        assertArrayEquals(new double[] {0.0625}, even.scales());
        assertArrayEquals(new int[] {0}, even.zeroPoints());
        assertArrayEquals(new int[] {-127, 16, 1, -2, 127}, new LinearQuantizer(8, true, 1, AWAY).quantize(x).codes());
        assertArrayEquals(new double[] {-7.9375, 1.0, 0.0, -0.125, 7.9375}, even.dequantize());
    }

    @Test
    void asymmetricPerTensor() {
        // lo = -63/16, hi = 192/16: 255 steps of 1/16, zero point -128 + 63 = -65.
        double[] x = {-3.9375, 12.0, 0.0, 1.03125, 100.0 / 16};
        QuantizedTensor even = new LinearQuantizer(8, false, 1, EVEN).quantize(x);
        assertArrayEquals(new int[] {-65}, even.zeroPoints());
        assertArrayEquals(new double[] {0.0625}, even.scales());
        assertArrayEquals(new int[] {-128, 127, -65, 16 - 65, 100 - 65}, even.codes());
        assertEquals(17 - 65, new LinearQuantizer(8, false, 1, AWAY).quantize(x).codes()[3]);
        assertArrayEquals(new double[] {-3.9375, 12.0, 0.0, 1.0, 6.25}, even.dequantize());
    }

    @Test
    void asymmetricRangeAlwaysContainsZero() {
        // All positive: lo = 0, so the zero point is qmin and 0 is exact.
        QuantizedTensor q = new LinearQuantizer(4, false, 1, EVEN).quantize(new double[] {1.0, 15.0});
        assertArrayEquals(new int[] {-8}, q.zeroPoints());
        assertArrayEquals(new double[] {1.0}, q.scales());
        assertArrayEquals(new int[] {-7, 7}, q.codes());
    }

    @Test
    void perChannelScalesDifferFromPerTensor() {
        double[] x = {7, -3.5, 0.5, 0.875, -0.25, 0.0625, 0, 0, 0};
        QuantizedTensor pc = new LinearQuantizer(4, true, 3, EVEN).quantize(x);
        assertArrayEquals(new double[] {1.0, 0.125, 1.0}, pc.scales());
        assertArrayEquals(new int[] {7, -4, 0, 7, -2, 0, 0, 0, 0}, pc.codes());
        assertEquals(3, pc.channels());
        QuantizedTensor pt = new LinearQuantizer(4, true, 1, EVEN).quantize(x);
        assertArrayEquals(new int[] {7, -4, 0, 1, 0, 0, 0, 0, 0}, pt.codes());
        assertArrayEquals(new double[] {7, -4, 0, 0.875, -0.25, 0, 0, 0, 0}, pc.dequantize());
    }

    @Test
    void powerOfTwoExponentIsTheSmallestThatFits() {
        assertEquals(-6, PowerOfTwoQuantizer.exponent(1.0, 127));
        assertEquals(0, PowerOfTwoQuantizer.exponent(127.0, 127));
        assertEquals(1, PowerOfTwoQuantizer.exponent(127.5, 127));
        assertEquals(-8, PowerOfTwoQuantizer.exponent(0.3, 127));
        assertEquals(0, PowerOfTwoQuantizer.exponent(0.0, 127));
        assertEquals(0, PowerOfTwoQuantizer.exponent(1.0, 1));
        assertEquals(1, PowerOfTwoQuantizer.exponent(1.5, 1));
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 20_000; i++) {
            double m = Math.scalb(rnd.nextDouble(0.5, 1.0), rnd.nextInt(-200, 200));
            int qmax = (1 << rnd.nextInt(1, 16)) - 1;
            int k = PowerOfTwoQuantizer.exponent(m, qmax);
            assertTrue(m / Math.pow(2, k) <= qmax && m / Math.pow(2, k - 1) > qmax, () -> m + " " + qmax + " -> " + k);
        }
    }

    @Test
    void powerOfTwoCodes() {
        QuantizedTensor q = new PowerOfTwoQuantizer(8, 1, EVEN).quantize(new double[] {1.0, -0.5, 0x1p-7, 0.75});
        assertArrayEquals(new double[] {0x1p-6}, q.scales());
        assertArrayEquals(new int[] {64, -32, 0, 48}, q.codes());
        assertArrayEquals(new double[] {1.0, -0.5, 0.0, 0.75}, q.dequantize());
        QuantizedTensor pc = new PowerOfTwoQuantizer(8, 2, EVEN).quantize(new double[] {1.0, 0.5, 100, -3});
        assertArrayEquals(new double[] {0x1p-6, 1.0}, pc.scales());
        assertArrayEquals(new int[] {64, 32, 100, -3}, pc.codes());
    }

    @Test
    void nnieLogExample() {
        LogQuantizer nnie = new LogQuantizer(8, 16, EVEN);
        QuantizedTensor q = nnie.quantize(new double[] {1.0, 0.5, -1.0, 0.0, 0x1p-10, 0.75});
        // c = 1: z = 16 * 0 - 127 = -127; 0.5 -> -16 + 127 = 111; 0.75 -> round(-6.64) = -7 -> 120.
        assertArrayEquals(new int[] {-127}, q.zeroPoints());
        assertArrayEquals(new int[] {127, 111, 0x80 | 127, 0, 0, 120}, q.codes());
        double[] back = q.dequantize();
        assertEquals(1.0, back[0]);
        assertEquals(0.5, back[1]);
        assertEquals(-1.0, back[2]);
        // No zero code: 0 comes back as the smallest magnitude 2^(-127/16).
        assertEquals(Math.pow(2, -127 / 16.0), back[3]);
        assertEquals(Math.pow(2, -7 / 16.0), back[5], 1e-15);
        assertEquals(Math.pow(2, -127 / 16.0), q.scales()[0]);
    }

    @Test
    void logEncodeWithAKnownOffset() {
        LogQuantizer nnie = new LogQuantizer(8, 16, EVEN);
        // z = -127 as in the example above: the same codes one value at a time.
        assertEquals(111, nnie.encode(0.5, -127));
        assertEquals(0x80 | 127, nnie.encode(-1.0, -127));
        assertEquals(0, nnie.encode(0.0, -127));
        // Another offset shifts the magnitude; 4.0 is beyond the window and clamps to 127.
        assertEquals(111 - 16, nnie.encode(0.5, -111));
        assertEquals(127, nnie.encode(4.0, -127));
        assertThrows(IllegalArgumentException.class, () -> nnie.encode(Double.NaN, 0));
    }

    @Test
    void log2IsExactOnPowersOfTwo() {
        for (int e = -1074; e <= 1023; e++) {
            assertEquals(e, LogQuantizer.log2(Math.scalb(1.0, e)), "2^" + e);
        }
        assertEquals(Math.log(3) / Math.log(2), LogQuantizer.log2(3), 1e-15);
    }

    @Test
    void allZeroTensors() {
        double[] zeros = {0, 0, 0, 0};
        assertArrayEquals(new double[] {1.0}, new LinearQuantizer(8, false, 1, EVEN).quantize(zeros).scales());
        // Asymmetric: the range [0, 0] puts the zero point at qmin.
        assertArrayEquals(new int[] {-128, -128, -128, -128}, new LinearQuantizer(8, false, 1, EVEN).quantize(zeros).codes());
        assertArrayEquals(new double[] {1.0}, new PowerOfTwoQuantizer(8, 1, EVEN).quantize(zeros).scales());
        assertArrayEquals(new int[] {-127}, new LogQuantizer(8, 16, EVEN).quantize(zeros).zeroPoints());
    }

    @Test
    void forConfigPicksTheStrategy() {
        assertEquals(new LinearQuantizer(8, false, 4, AWAY), TensorQuantizers.forConfig(QuantConfig.tfliteInt8(), 4));
        assertEquals(new LinearQuantizer(8, false, 1, EVEN),
                TensorQuantizers.forConfig(QuantConfig.linearInt8(RoundingMode.HALF_EVEN, Granularity.PER_TENSOR), 4));
        assertEquals(new PowerOfTwoQuantizer(6, 1, RoundingMode.FLOOR.rounder()),
                TensorQuantizers.forConfig(QuantConfig.powerOfTwo(RoundingMode.FLOOR, 6), 3));
        assertEquals(new LogQuantizer(8, 16, EVEN), TensorQuantizers.forConfig(QuantConfig.nnieLog(), 5));
        QuantConfig perChannelLog = new QuantConfig(QuantScheme.LOGARITHMIC, RoundingMode.HALF_EVEN,
                RequantPath.SINGLE_ROUNDING, Granularity.PER_CHANNEL, true, 8, 8, 32, 16, 1);
        assertThrows(IllegalArgumentException.class, () -> TensorQuantizers.forConfig(perChannelLog, 3));
        assertEquals(new LogQuantizer(8, 16, EVEN), TensorQuantizers.forConfig(perChannelLog, 1));
        assertEquals("linear 8-bit asymmetric, 4 channels, half-away",
                TensorQuantizers.forConfig(QuantConfig.tfliteInt8(), 4).describe());
    }

    @Test
    void badInputsAreRejected() {
        LinearQuantizer q = new LinearQuantizer(8, true, 2, EVEN);
        assertThrows(IllegalArgumentException.class, () -> q.quantize(new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> q.quantize(new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.quantize(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LinearQuantizer(1, true, 1, EVEN));
        assertThrows(IllegalArgumentException.class, () -> new LinearQuantizer(17, true, 1, EVEN));
        assertThrows(IllegalArgumentException.class, () -> new LinearQuantizer(8, true, 0, EVEN));
        assertThrows(IllegalArgumentException.class, () -> new PowerOfTwoQuantizer(8, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new LogQuantizer(8, 65, EVEN));
        assertThrows(IllegalArgumentException.class,
                () -> new QuantizedTensor(new int[3], 2, new double[2], new int[2], new CodeDecoder.Affine()));
        assertThrows(IllegalArgumentException.class,
                () -> new QuantizedTensor(new int[2], 2, new double[] {1, 0}, new int[2], new CodeDecoder.Affine()));
    }

    @Test
    void quantizedTensorIsImmutable() {
        int[] codes = {1, 2};
        QuantizedTensor t = new QuantizedTensor(codes, 1, new double[] {0.5}, new int[] {0}, new CodeDecoder.Affine());
        codes[0] = 99;
        t.codes()[1] = 99;
        assertArrayEquals(new int[] {1, 2}, t.codes());
        assertEquals(t, new QuantizedTensor(new int[] {1, 2}, 1, new double[] {0.5}, new int[] {0},
                new CodeDecoder.Affine()));
    }

    @Test
    void errorMetricsKnownValues() {
        ErrorMetrics m = ErrorMetrics.of(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 5});
        assertEquals(0.25, m.mse());
        assertEquals(1.0, m.maxAbsError());
        assertEquals(10 * Math.log10(30), m.sqnrDb(), 1e-12);
        ErrorMetrics exact = ErrorMetrics.of(new double[] {1, -2}, new double[] {1, -2});
        assertEquals(Double.POSITIVE_INFINITY, exact.sqnrDb());
        assertEquals(0.0, exact.mse());
        assertEquals(20.0, ErrorMetrics.of(new double[] {10}, new double[] {9}).sqnrDb(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ErrorMetrics.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> ErrorMetrics.of(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new ErrorMetrics(-1, 0, 0));
    }
}
