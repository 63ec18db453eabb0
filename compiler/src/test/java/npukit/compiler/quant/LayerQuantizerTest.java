package npukit.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.QuantScheme;
import npukit.arch.numerics.ErrorMetrics;
import npukit.compiler.lower.FusedLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every preset: random dense and conv layers, quantized, run on the layer oracle, against the float layer. */
class LayerQuantizerTest {

    static Stream<ChipConfig> chips() {
        return Stream.concat(ChipPresets.all().stream(), Stream.of(QuantLayers.logPeChip()));
    }

    /**
     * Lower bounds on SQNR, from the code steps. Linear int8: input, weight and output codes each
     * add noise about 40 dB below a full-scale uniform signal; summed and with the output's crest
     * factor about 30 dB is the floor. Power-of-two: each scale can be up to 2x the linear one (-6 dB
     * per stage), and floor rounding adds a half-step bias (another -6 dB): 18 dB. Logarithmic with
     * 16 steps per octave: output relative error up to 2^(1/32) - 1 = 2.2% (about 38 dB) plus weights
     * of the same precision and values below the 127/16-octave window clamped: 25 dB. One step per
     * octave (log PE): relative errors up to sqrt 2 in weights and outputs: 8 dB.
     */
    static double threshold(ChipConfig chip) {
        if (chip.quant().scheme() == QuantScheme.LOGARITHMIC) {
            return chip.quant().logStepsPerOctave() == 1 ? 8 : 25;
        }
        return chip.quant().scheme() == QuantScheme.LINEAR ? 30 : 18;
    }

    @ParameterizedTest
    @MethodSource("chips")
    void denseLayerMatchesFloat(ChipConfig chip) {
        Random r = new Random(11);
        int m = 32;
        int k = 64;
        int n = 16;
        FusedLayer layer = QuantLayers.dense("fc", m, k, n, QuantLayers.uniform(r, k * n, -0.25, 0.25),
                QuantLayers.uniform(r, n, -0.5, 0.5), false);
        // An asymmetric input range exercises the zero point on asymmetric chips.
        double[] x = QuantLayers.uniform(r, m * k, -1, 2);
        ErrorMetrics e = ErrorMetrics.of(QuantLayers.reference(layer, x), QuantLayers.quantizeAndRun(layer, x, chip));
        System.out.printf("quantized dense 32x64x16 on %-11s SQNR %6.2f dB%n", chip.name(), e.sqnrDb());
        assertTrue(e.sqnrDb() > threshold(chip), chip.name() + ": SQNR " + e.sqnrDb());
    }

    @ParameterizedTest
    @MethodSource("chips")
    void convLayerWithReluMatchesFloatAndIsNeverNegative(ChipConfig chip) {
        Random r = new Random(12);
        FusedLayer layer = QuantLayers.conv("conv", 3, 10, 10, 8, QuantLayers.uniform(r, 27 * 8, -0.5, 0.5),
                QuantLayers.uniform(r, 8, -0.5, 0.5), true);
        double[] x = QuantLayers.uniform(r, layer.m() * layer.k(), 0, 1);
        double[] reference = QuantLayers.reference(layer, x);
        double[] y = QuantLayers.quantizeAndRun(layer, x, chip);
        ErrorMetrics e = ErrorMetrics.of(reference, y);
        System.out.printf("quantized conv 3x3 3->8 relu on %-11s SQNR %6.2f dB%n", chip.name(), e.sqnrDb());
        assertTrue(e.sqnrDb() > threshold(chip), chip.name() + ": SQNR " + e.sqnrDb());
        int negatives = 0;
        for (double v : reference) {
            negatives += v < 0 ? 1 : 0;
        }
        assertTrue(negatives == 0, "the reference is after ReLU");
        int clipped = 0;
        for (int i = 0; i < y.length; i++) {
            assertTrue(y[i] >= 0, chip.name() + ": output [" + i + "] = " + y[i] + " is negative despite ReLU");
            clipped += reference[i] == 0 ? 1 : 0;
        }
        // The test means something only if ReLU actually cut some outputs.
        assertTrue(clipped > 10, "ReLU clipped only " + clipped + " outputs");
    }
}
