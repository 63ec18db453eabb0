package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

class Im2colTest {

    /** im2col rows times the weight matrix in FusedLayer's column order is the interpreter's convolution. */
    @Test
    void rowsTimesTheWeightMatrixIsTheConvolution() {
        Random r = new Random(3);
        ConvGeometry[] geometries = {ConvGeometry.DEFAULT,
                new ConvGeometry(new Size2d(2, 1), new Pads2d(1, 2, 0, 1), new Size2d(1, 2), 1),
                new ConvGeometry(new Size2d(2, 2), new Pads2d(1, 1, 1, 1), Size2d.ONE, 1)};
        for (ConvGeometry geo : geometries) {
            TensorType xt = new TensorType(ElementType.FLOAT, List.of(2, 3, 7, 6), Layout.NCHW);
            TensorType wt = TensorType.of(ElementType.FLOAT, 4, 3, 3, 2);
            Value x = new Value("x", xt);
            Value w = new Value("w", wt);
            Value y = new Value("y", Conv2d.infer("c", x, w, geo));
            int[] image = new int[xt.elementCount()];
            float[] imageF = new float[image.length];
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextInt(21) - 10;
                imageF[i] = image[i];
            }
            int[] weights = new int[wt.elementCount()];
            float[] weightsF = new float[weights.length];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = r.nextInt(9) - 4;
                weightsF[i] = weights[i];
            }
            Graph g = new Graph("g", List.of(x), Map.of("w", Tensor.of(wt, weightsF)),
                    List.of(new Conv2d("c", x, w, Optional.empty(), y, geo)), List.of(y));
            Tensor expected = Interpreter.run(g, Map.of("x", Tensor.of(xt, imageF))).get("y");

            Im2col im = new Im2col(ImageShape.of(xt), new Size2d(3, 2), geo, ImageShape.of(y.type()));
            int[] rows = im.rows(image, 0);
            int k = im.cols();
            int n = 4;
            int[] product = new int[im.rows() * n];
            for (int i = 0; i < im.rows(); i++) {
                for (int co = 0; co < n; co++) {
                    int s = 0;
                    for (int kk = 0; kk < k; kk++) {
                        s += rows[i * k + kk] * weights[co * k + kk];
                    }
                    product[i * n + co] = s;
                }
            }
            int[] got = im.image(product);
            assertEquals(expected.size(), got.length);
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected.getDouble(i), got[i], 0.0, "element " + i + " of " + geo);
            }
        }
    }

    @Test
    void paddingTakesThePadCode() {
        TensorType xt = new TensorType(ElementType.FLOAT, List.of(1, 1, 2, 2), Layout.NCHW);
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, 1);
        Im2col im = new Im2col(ImageShape.of(xt), new Size2d(3, 3), geo, new ImageShape(1, 1, 2, 2));
        int[] rows = im.rows(new int[] {1, 2, 3, 4}, -7);
        assertArrayEquals(new int[] {-7, -7, -7, -7, 1, 2, -7, 3, 4}, java.util.Arrays.copyOf(rows, 9));
    }
}
