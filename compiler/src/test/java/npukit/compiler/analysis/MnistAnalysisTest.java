package npukit.compiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Roofline.Bound;
import npukit.arch.config.RooflinePoint;
import npukit.compiler.ir.Graph;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.partition.Partitioner;
import npukit.compiler.pass.BindInputShapes;
import npukit.compiler.pass.PassPipeline;
import npukit.compiler.testdata.MnistData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real MNIST CNN at batch 1 on gemmini: per-layer figures and totals. */
class MnistAnalysisTest {

    @TempDir
    static Path tmp;
    static Graph graph;
    static List<FusedLayer> fused;
    static ModelAnalysis model;

    @BeforeAll
    static void load() throws IOException {
        Graph g = PassPipeline.standard().run(MnistData.model(tmp));
        graph = BindInputShapes.batch(g, 1).apply(g).orElseThrow();
        fused = Partitioner.partition(graph, true).layers();
        model = ModelAnalysis.of(graph, fused, ChipPresets.gemmini());
    }

    @Test
    void layersFollowTheGraphWithTheFusedReluInside() {
        // The pass pipeline moves each ReLU before its MaxPool, so it fuses into the convolution.
        assertEquals(List.of("Conv_0", "MaxPool_1", "Conv_3", "MaxPool_4", "Reshape_7", "Gemm_8", "Gemm_10",
                "LogSoftmax_12"), model.layers().stream().map(LayerAnalysis::name).toList());
        assertEquals(List.of("conv+relu", "MaxPool", "conv+relu", "MaxPool", "Reshape", "dense+relu", "dense+relu",
                "LogSoftmax"), model.layers().stream().map(LayerAnalysis::op).toList());
    }

    @Test
    void arrayLayerFiguresOnGemmini() {
        // name, m, k, n, MACs, parameters, min HBM bytes, bound, roofline cycles
        record Want(String name, int m, int k, int n, long macs, long params, long bytes, Bound bound, double cycles) {
        }
        List<Want> want = List.of(
                // 784 in + 5760 out + 250 weights + 40 bias; 144000 / 256 = 562.5 > 6834 / 16
                new Want("Conv_0", 576, 25, 10, 144_000, 260, 6834, Bound.COMPUTE, 562.5),
                // 1440 in (10x12x12) + 1280 out (20x8x8) + 5000 + 80; 320000 / 256 = 1250 > 7800 / 16
                new Want("Conv_3", 64, 250, 20, 320_000, 5020, 7800, Bound.COMPUTE, 1250),
                // 320 + 50 + 16000 + 200; 16570 / 16 > 62.5
                new Want("Gemm_8", 1, 320, 50, 16_000, 16_050, 16_570, Bound.MEMORY, 1035.625),
                // 50 + 10 + 500 + 40; 600 / 16 > 1.95
                new Want("Gemm_10", 1, 50, 10, 500, 510, 600, Bound.MEMORY, 37.5));
        List<LayerAnalysis> array = model.arrayLayers();
        assertEquals(want.size(), array.size());
        for (int i = 0; i < want.size(); i++) {
            Want w = want.get(i);
            LayerAnalysis a = array.get(i);
            assertEquals(w.name(), a.name());
            assertEquals(new MatrixShape(w.m(), w.k(), w.n()), a.shape().orElseThrow(), w.name());
            assertEquals(w.macs(), a.macs(), w.name());
            assertEquals(w.params(), a.parameters(), w.name());
            assertEquals(w.bytes(), a.minHbmBytes(), w.name());
            assertEquals(w.bound(), a.npuBound().orElseThrow().bound(), w.name());
            RooflinePoint b = a.npuBound().orElseThrow();
            assertEquals(w.cycles(), b.lowerBoundCycles(), 1e-9, w.name());
            System.out.printf(Locale.ROOT, "gemmini %-8s %-10s %7d MACs %6d params %6d B %7.3f MACs/B %-7s %9.3f cycles %7.3f MACs/cycle%n",
                    a.name(), a.shape().orElseThrow().text(), a.macs(), a.parameters(), a.minHbmBytes(), b.intensityMacsPerByte(),
                    b.bound().text(), b.lowerBoundCycles(), b.attainableMacsPerCycle());
        }
    }

    @Test
    void hostLayersHaveActivationsButNoBound() {
        LayerAnalysis pool = model.layers().get(1);
        assertEquals(LayerKind.HOST, pool.kind());
        assertEquals(5760, pool.inputBytes()); // 10 x 24 x 24
        assertEquals(1440, pool.outputBytes()); // 10 x 12 x 12
        assertEquals(0, pool.parameters());
        assertEquals(0, pool.macs());
        assertTrue(pool.npuBound().isEmpty());
        // The Reshape's i64 shape initializer is neither a parameter nor an activation.
        LayerAnalysis reshape = model.layers().get(4);
        assertEquals(0, reshape.parameters());
        assertEquals(320, reshape.inputBytes());
    }

    @Test
    void totals() {
        assertEquals(21_840, model.parameters()); // 260 + 5020 + 16050 + 510: the well-known size of this CNN
        assertEquals(480_500, model.macs());
        assertEquals(21_840 - 90 + 90 * 4, model.parameterBytes()); // 90 biases at 4 bytes, the rest at 1
        assertEquals(1035.625 + 37.5 + 562.5 + 1250, model.arrayLowerBoundCycles(), 1e-9);
        assertEquals(480_500.0 / (6834 + 7800 + 16_570 + 600), model.arrayIntensity(), 1e-12);
    }
}
