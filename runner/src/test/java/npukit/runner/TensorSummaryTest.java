package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.onnx.TensorProtos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A summary a person reads, instead of 46,000 numbers on one line. */
class TensorSummaryTest {

    @Test
    void classifierScoresGetTheirArgMaxAndTheFirstValues() {
        Tensor scores = Tensor.ofFloats(List.of(1, 10), new float[] {-3, -2, 5, 1, 0, 0, 0, 0, 9, 2});
        assertEquals("f32[1,10]: min -3.000, max 9.000, arg-max 8; first 8 of 10: [-3.000, -2.000, 5.000, 1.000, "
                + "0.000, 0.000, 0.000, 0.000]", TensorSummary.of(scores).text());
    }

    @Test
    void anImageHasNoArgMaxAndASmallTensorShowsEveryValue() {
        Tensor image = Tensor.fromDoubles(TensorType.of(ElementType.FLOAT, 1, 2, 2, 2), new double[] {1, 2, 3, 4, 5, 6,
                7, 8});
        assertEquals("f32[1,2,2,2]: min 1.000, max 8.000; values: [1.000, 2.000, 3.000, 4.000, 5.000, 6.000, 7.000, "
                + "8.000]", TensorSummary.of(image).text());
    }

    @Test
    void aProtoFileReadsBackAsTheSameTensor(@TempDir Path dir) throws Exception {
        Tensor t = Tensor.ofFloats(List.of(1, 3), new float[] {0.5f, -1.25f, 3});
        Path file = dir.resolve("t.pb");
        Files.write(file, TensorProtoFile.bytes("y", t));
        TensorProtos.Named back = TensorProtos.read(file);
        assertEquals("y", back.name());
        assertEquals(t.type().text(), back.tensor().type().text());
        assertEquals(List.of(0.5, -1.25, 3.0), Arrays.stream(back.tensor().toDoubles()).boxed().toList());
    }
}
