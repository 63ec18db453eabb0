package npukit.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.lower.FusedLayer;
import org.junit.jupiter.api.Test;

/**
 * A per-channel chip and a layer with a dead output channel (weights of 1e-42, as PP-OCRv4's recognizer
 * has): the channel is zeroed rather than given a scale no requantization can express, and the layer's
 * output is its bias there, as float gives to within float's precision.
 */
class DeadChannelTest {

    private static final ChipConfig PER_CHANNEL = ChipPresets.ascendCube();

    @Test
    void deadChannelsAreZeroedAndTheLayerQuantizes() {
        Random r = new Random(4);
        int k = 12;
        int n = 5;
        double[] w = QuantLayers.uniform(r, k * n, -1, 1);
        for (int kk = 0; kk < k; kk++) {
            w[kk * n + 3] = 1e-42 * (kk % 2 == 0 ? 1 : -1);
        }
        double[] bias = {0.1, -0.2, 0.3, 0.25, 0};
        FusedLayer layer = QuantLayers.dense("dead", 4, k, n, w, bias, false);
        double[] x = QuantLayers.uniform(r, 4 * k, -1, 1);
        double[] y = QuantLayers.quantizeAndRun(layer, x, PER_CHANNEL);
        for (int i = 0; i < 4; i++) {
            assertEquals(0.25, y[i * n + 3], 0.02, "row " + i);
        }
        List<String> notes = new ArrayList<>();
        double[] copy = w.clone();
        WeightQuantizer.zeroDeadChannels(copy, k, n, notes);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).startsWith("1 dead output channel "), notes.get(0));
        for (int kk = 0; kk < k; kk++) {
            assertEquals(0, copy[kk * n + 3]);
            assertEquals(w[kk * n + 1], copy[kk * n + 1]);
        }
    }

    @Test
    void smallButLiveChannelsAndAllZeroChannelsAreLeftAlone() {
        double[] w = {1, 1e-6, 0, -2, -1e-6, 0};
        List<String> notes = new ArrayList<>();
        WeightQuantizer.zeroDeadChannels(w, 2, 3, notes);
        assertEquals(List.of(), notes);
        assertEquals(1e-6, w[1]);
    }

    /**
     * A channel scaled nearly to zero by a folded affine step (weights of 1e-6, bias -1): its own
     * weight scale would put the bias 10^10 accumulator units away, so the scale is coarsened until the
     * bias fits, and the channel's output is still its bias; the other channels are untouched.
     */
    @Test
    void biasDominatedChannelsGetACoarserWeightScale() {
        Random r = new Random(9);
        int k = 40;
        int n = 4;
        double[] w = QuantLayers.uniform(r, k * n, -1, 1);
        for (int kk = 0; kk < k; kk++) {
            w[kk * n + 2] *= 1e-6;
        }
        double[] bias = {0.1, -0.2, -1, 0.3};
        FusedLayer layer = QuantLayers.dense("affine", 4, k, n, w, bias, false);
        double[] x = QuantLayers.uniform(r, 4 * k, -1, 1);
        QuantizedLayer q = LayerQuantizer.quantize(layer, QuantLayers.rangeOf(x),
                QuantLayers.rangeOf(QuantLayers.reference(layer, x)), PER_CHANNEL);
        assertTrue(q.notes().stream().anyMatch(s -> s.startsWith("1 bias-dominated channel given a coarser weight scale")),
                q.notes().toString());
        double[] reference = QuantLayers.reference(layer, x);
        double[] y = QuantLayers.runQuantized(q, x, PER_CHANNEL);
        for (int i = 0; i < 4; i++) {
            assertEquals(-1, y[i * n + 2], 0.01, "row " + i);
            assertEquals(reference[i * n], y[i * n], 0.05, "row " + i + ", an ordinary channel");
        }
        FusedLayer plain = QuantLayers.dense("plain", 4, k, n, QuantLayers.uniform(new Random(9), k * n, -1, 1), bias, false);
        assertTrue(LayerQuantizer.quantize(plain, QuantLayers.rangeOf(x), QuantLayers.rangeOf(QuantLayers.reference(plain, x)),
                PER_CHANNEL).notes().stream().noneMatch(s -> s.contains("bias-dominated")));
    }
}
