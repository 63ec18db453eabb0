package npukit.compiler.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.numerics.ErrorMetrics;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.testdata.MnistData;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.pass.BindInputShapes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MNIST CNN's first convolution (1 -> 10 channels, 5x5, 28x28 -> 24x24), calibrated on ten
 * digits, quantized for gemmini, run on ten other digits through the layer oracle and compared with
 * the interpreter's float conv output.
 */
class MnistConv1QuantizationTest {

    private static final int CALIBRATION_DIGITS = 10;

    @TempDir
    static Path tmp;
    static Graph graph;
    static List<MnistData.Digit> digits;
    static FusedLayer conv1;

    @BeforeAll
    static void load() throws IOException {
        Graph imported = MnistData.model(tmp);
        graph = BindInputShapes.batch(imported, 1).apply(imported).orElseThrow();
        digits = MnistData.digits();
        Conv2d node = (Conv2d) graph.nodes().stream().filter(n -> n.name().equals("Conv_0")).findFirst().orElseThrow();
        // ONNX weight [co][ci][ky][kx] with ci = 1 is [co][k]; FusedLayer wants W[k][co].
        double[] onnx = graph.initializers().get("conv1.weight").toDoubles();
        double[] w = new double[25 * 10];
        for (int co = 0; co < 10; co++) {
            for (int k = 0; k < 25; k++) {
                w[k * 10 + co] = onnx[co * 25 + k];
            }
        }
        conv1 = new FusedLayer("Conv_0", List.of("Conv_0"), node.x(), node.y(), Optional.of(node.geometry()),
                Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, 25, 10), w),
                Optional.of(graph.initializers().get("conv1.bias")), false);
    }

    private static Map<String, Tensor> sample(float[] pixels) {
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = pixels[i] / 255f;
        }
        return Map.of("input_image", Tensor.of(graph.inputs().get(0).type(), x));
    }

    /** One im2col row per output pixel (oy, ox), columns ky * 5 + kx: FusedLayer's order for one input channel. */
    private static double[] im2col(Tensor image) {
        double[] x = new double[24 * 24 * 25];
        for (int oy = 0; oy < 24; oy++) {
            for (int ox = 0; ox < 24; ox++) {
                for (int ky = 0; ky < 5; ky++) {
                    for (int kx = 0; kx < 5; kx++) {
                        x[(oy * 24 + ox) * 25 + ky * 5 + kx] = image.getDouble((oy + ky) * 28 + ox + kx);
                    }
                }
            }
        }
        return x;
    }

    @Test
    void gemminiConv1MatchesTheFloatConvolution() {
        List<Map<String, Tensor>> calibration = new ArrayList<>();
        double maxPixel = 0;
        for (int d = 0; d < CALIBRATION_DIGITS; d++) {
            calibration.add(sample(digits.get(d).pixels()));
            for (float p : digits.get(d).pixels()) {
                maxPixel = Math.max(maxPixel, p / 255f);
            }
        }
        Map<String, Range> ranges = Calibration.run(graph, List.of(conv1), calibration, CalibrationMethod.MINMAX);
        assertEquals(List.of("input_image", "9"), List.copyOf(ranges.keySet()));
        assertEquals(new Range(0, maxPixel), ranges.get("input_image"));

        ChipConfig chip = ChipPresets.gemmini();
        QuantizedLayer q = LayerQuantizer.quantize(conv1, ranges.get("input_image"), ranges.get("9"), chip);
        assertEquals(24 * 24, q.npu().m());
        Value out = conv1.output();
        Graph probe = new Graph(graph.name(), graph.inputs(), graph.initializers(), graph.nodes(), List.of(out));
        List<Double> reference = new ArrayList<>();
        List<Double> quantized = new ArrayList<>();
        for (int d = CALIBRATION_DIGITS; d < 2 * CALIBRATION_DIGITS; d++) {
            Map<String, Tensor> in = sample(digits.get(d).pixels());
            double[] ref = Interpreter.run(probe, in).get(out.name()).toDoubles();
            double[] y = QuantLayers.runQuantized(q, im2col(in.get("input_image")), chip);
            for (int p = 0; p < 24 * 24; p++) {
                for (int co = 0; co < 10; co++) {
                    reference.add(ref[co * 576 + p]);
                    quantized.add(y[p * 10 + co]);
                }
            }
        }
        ErrorMetrics e = ErrorMetrics.of(reference.stream().mapToDouble(Double::doubleValue).toArray(),
                quantized.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.printf("MNIST conv1 on gemmini (int8, calibrated on %d digits, tested on %d others): SQNR %.2f dB, "
                + "max |error| %.4f%n", CALIBRATION_DIGITS, CALIBRATION_DIGITS, e.sqnrDb(), e.maxAbsError());
        // Same budget as LayerQuantizerTest's linear int8 layers: three 8-bit roundings.
        assertTrue(e.sqnrDb() > 30, "SQNR " + e.sqnrDb());
    }

    @Test
    void aNonFiniteSampleNamesTheValueAndTheLayer() {
        float[] pixels = digits.get(0).pixels().clone();
        pixels[100] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.run(graph, List.of(conv1), List.of(sample(pixels)), CalibrationMethod.MINMAX));
        assertTrue(e.getMessage().contains("%input_image (input of layer Conv_0)") && e.getMessage().contains("NaN"),
                e.getMessage());
    }

    @Test
    void aLayerValueTheGraphDoesNotDefineIsRejected() {
        FusedLayer stray = new FusedLayer("stray", List.of("stray"), conv1.input(),
                new Value("nowhere", conv1.output().type()), conv1.conv(), conv1.weights(), conv1.bias(), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.run(graph,
                List.of(stray), List.of(sample(digits.get(0).pixels())), CalibrationMethod.MINMAX));
        assertTrue(e.getMessage().contains("output of layer stray is %nowhere"), e.getMessage());
    }
}
