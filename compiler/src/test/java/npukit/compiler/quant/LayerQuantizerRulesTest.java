package npukit.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantConfig;
import npukit.arch.numerics.ErrorMetrics;
import npukit.arch.numerics.QuantUnit;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.arch.numerics.RoundingMode;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.NpuLayer;
import npukit.compiler.lower.NpuLayerReference;
import org.junit.jupiter.api.Test;

/** Zero-point folding, granularity, scale widening, weight narrowing and the errors of {@link LayerQuantizer}. */
class LayerQuantizerRulesTest {

    private static FusedLayer randomDense(Random r, int m, int k, int n, boolean relu) {
        return QuantLayers.dense("fc", m, k, n, QuantLayers.uniform(r, k * n, -0.25, 0.25),
                QuantLayers.uniform(r, n, -0.5, 0.5), relu);
    }

    /**
     * edge-cmsis has asymmetric activations. The oracle sums raw X codes with the folded bias; the
     * explicit form sums (x - z_x) with the unfolded bias R(b / (s_x s_w)). Both must give the same code.
     */
    @Test
    void asymmetricZeroPointFoldingIsExact() {
        ChipConfig chip = ChipPresets.edgeCmsis();
        Random r = new Random(3);
        FusedLayer layer = randomDense(r, 16, 40, 6, true);
        double[] x = QuantLayers.uniform(r, 16 * 40, -1, 3);
        QuantizedLayer q = LayerQuantizer.quantize(layer, QuantLayers.rangeOf(x),
                QuantLayers.rangeOf(QuantLayers.reference(layer, x)), chip);
        int zx = q.input().zeroPoint();
        assertNotEquals(0, zx, "the test needs a non-zero input zero point");
        int[] codes = q.input().encode(x);
        int[] folded = NpuLayerReference.run(q.npu(), codes, chip.array(), chip.quant());
        QuantUnit unit = new QuantUnit(chip.quant(), chip.array().accumulatorBits());
        double[] b = layer.bias().orElseThrow().toDoubles();
        NpuLayer npu = q.npu();
        for (int i = 0; i < npu.m(); i++) {
            for (int j = 0; j < npu.n(); j++) {
                long acc = 0;
                for (int k = 0; k < npu.k(); k++) {
                    acc += (long) (codes[i * npu.k() + k] - zx) * npu.weight(k, j);
                }
                long bias = RoundingMode.HALF_AWAY.rounder().round(b[j] / (q.input().scale() * q.weightScales()[j]));
                QuantUnitRegs lane = npu.lanes().get(j);
                QuantUnitRegs unfolded = new QuantUnitRegs((int) bias, lane.multiplier(), lane.shift(), lane.zeroPoint(),
                        lane.relu());
                assertEquals(unit.apply(acc, unfolded), folded[i * npu.n() + j], "row " + i + " column " + j);
            }
        }
    }

    /**
     * Column 0 has one large weight among tiny ones, column 1 only small weights, so the two have
     * similar outputs but a per-tensor weight scale leaves column 1 about 6 codes of resolution.
     */
    @Test
    void perChannelWeightsBeatPerTensorOnUnevenChannels() {
        ChipConfig perChannel = ChipPresets.ascendCube();
        assertEquals(Granularity.PER_CHANNEL, perChannel.quant().granularity());
        QuantConfig c = perChannel.quant();
        ChipConfig perTensor = new ChipConfig("ascend-per-tensor", "", perChannel.array(), perChannel.sram(),
                perChannel.hbm(), new QuantConfig(c.scheme(), c.rounding(), c.requant(), Granularity.PER_TENSOR,
                c.symmetric(), c.weightBits(), c.activationBits(), c.multiplierBits(), c.logStepsPerOctave(),
                c.stochasticSeed()), perChannel.clock());
        Random r = new Random(8);
        int m = 256;
        int k = 64;
        double[] w = new double[k * 2];
        for (int kk = 0; kk < k; kk++) {
            w[kk * 2] = kk == 0 ? 1.0 : 0.01 * (2 * r.nextDouble() - 1);
            w[kk * 2 + 1] = 0.05 * (2 * r.nextDouble() - 1);
        }
        FusedLayer layer = QuantLayers.dense("uneven", m, k, 2, w, new double[2], false);
        double[] x = QuantLayers.uniform(r, m * k, -1, 1);
        double[] ref = column(QuantLayers.reference(layer, x), 1);
        double channel = ErrorMetrics.of(ref, column(QuantLayers.quantizeAndRun(layer, x, perChannel), 1)).sqnrDb();
        double tensor = ErrorMetrics.of(ref, column(QuantLayers.quantizeAndRun(layer, x, perTensor), 1)).sqnrDb();
        System.out.printf("small-weight column: per-channel %.2f dB, per-tensor %.2f dB%n", channel, tensor);
        assertTrue(channel > tensor + 6, "per-channel " + channel + " dB vs per-tensor " + tensor + " dB");
    }

    private static double[] column(double[] y, int j) {
        double[] out = new double[y.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = y[i * 2 + j];
        }
        return out;
    }

    @Test
    void powerOfTwoWidensAnOutputScaleBelowTheAccumulatorScale() {
        ChipConfig chip = ChipPresets.vta();
        FusedLayer layer = randomDense(new Random(4), 4, 16, 4, false);
        // An output range far below the product of the input and weight scales.
        QuantizedLayer q = LayerQuantizer.quantize(layer, new Range(-100, 100), new Range(-1e-3, 1e-3), chip);
        assertTrue(q.notes().stream().anyMatch(s -> s.contains("widened")), q.notes().toString());
        for (QuantUnitRegs lane : q.npu().lanes()) {
            assertEquals(0, lane.shift());
        }
        assertEquals(q.input().scale() * q.weightScales()[0], q.output().scale());
    }

    @Test
    void sixteenBitWeightsAreNarrowedUntilTheWorstCaseSumFits() {
        ChipConfig chip = ChipPresets.eyeriss();
        FusedLayer layer = randomDense(new Random(6), 4, 64, 4, false);
        QuantizedLayer q = LayerQuantizer.quantize(layer, new Range(-1, 1), new Range(-4, 4), chip);
        assertTrue(q.notes().stream().anyMatch(s -> s.contains("narrowed from 16")), q.notes().toString());
        long worst = WeightQuantizer.worstCase(q.npu().weights(), 64, 4, chip, q.input().bits());
        assertTrue(worst <= Integer.MAX_VALUE, "worst case " + worst);
        int largest = Arrays.stream(q.npu().weights()).map(Math::abs).max().orElseThrow();
        assertTrue(largest > (1 << 9), "weights kept " + largest + " as their largest code");
    }

    @Test
    void biasBeyondTheRegisterNamesLayerAndChannel() {
        Random r = new Random(1);
        double[] bias = {0, 0, 0, 1e12};
        FusedLayer layer = QuantLayers.dense("fc7", 2, 8, 4, QuantLayers.uniform(r, 32, -1, 1), bias, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerQuantizer.quantize(layer, new Range(-1, 1), new Range(-1, 1), ChipPresets.gemmini()));
        assertTrue(e.getMessage().contains("layer fc7") && e.getMessage().contains("channel 3"), e.getMessage());
    }

    @Test
    void nonFiniteWeightNamesLayerAndPosition() {
        double[] w = new double[32];
        w[13] = Double.NaN;
        FusedLayer layer = QuantLayers.dense("fc8", 2, 8, 4, w, new double[4], false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerQuantizer.quantize(layer, new Range(-1, 1), new Range(-1, 1), ChipPresets.gemmini()));
        assertTrue(e.getMessage().contains("layer fc8") && e.getMessage().contains("weight [3][1] = NaN"),
                e.getMessage());
    }

    @Test
    void missingRangeNamesTheLayer() {
        FusedLayer layer = randomDense(new Random(2), 2, 8, 4, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerQuantizer.quantize(layer, null, new Range(-1, 1), ChipPresets.gemmini()));
        assertTrue(e.getMessage().contains("layer fc"), e.getMessage());
    }
}
