package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import npukit.compiler.interp.Interpreter;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.ImageShape;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import org.junit.jupiter.api.Test;

/**
 * The VALU pool's row order and block maximum give exactly the interpreter's MaxPool over the same
 * codes (what the host computed before), for images whose size the window does not divide.
 */
class MaxPoolRowsTest {

    private static void agreesWithTheInterpreter(int n, int c, int h, int w, int kh, int kw) {
        PoolWindow window = new PoolWindow(new Size2d(kh, kw), new Size2d(kh, kw), Pads2d.NONE, Size2d.ONE, false);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(n, c, h, w), Layout.NCHW));
        Value y = new Value("y", window.outputType("MaxPool", "pool", x.type()));
        MaxPool node = new MaxPool("pool", x, y, window);
        MaxPoolRows pool = MaxPoolRows.of(node);
        // Y of the whole convolution: a row per pixel (n, oy, ox), a column per channel; codes -128..127.
        int[] rows = new Random(n * 1000L + h * 10 + kw).ints((long) n * h * w * c, -128, 128).toArray();
        int[] pooled = pool.pool(pool.reorder(rows, c), c);
        float[] image = new float[rows.length];
        int[] img = Im2col.toImage(rows, new ImageShape(n, c, h, w));
        for (int i = 0; i < img.length; i++) {
            image[i] = img[i];
        }
        Graph g = new Graph("g", List.of(x), Map.of(), List.of(node), List.of(y));
        double[] expected = Interpreter.run(g, Map.of("x", Tensor.ofFloats(List.of(n, c, h, w), image))).get("y").toDoubles();
        int[] got = Im2col.toImage(pooled, pool.pooled());
        assertArrayEquals(expected, Arrays.stream(got).asDoubleStream().toArray());
        assertEquals(kh * kw * pool.pooledRows(), pool.rows());
    }

    @Test
    void blockMaximumIsTheInterpretersMaxPool() {
        agreesWithTheInterpreter(1, 10, 24, 24, 2, 2);
        agreesWithTheInterpreter(2, 3, 7, 9, 2, 3);
        agreesWithTheInterpreter(1, 5, 5, 5, 3, 3);
    }

    @Test
    void rowsAreWindowPositionMajor() {
        PoolWindow window = new PoolWindow(new Size2d(2, 2), new Size2d(2, 2), Pads2d.NONE, Size2d.ONE, false);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 1, 4, 5), Layout.NCHW));
        MaxPoolRows pool = MaxPoolRows.of(new MaxPool("pool", x, new Value("y", window.outputType("MaxPool", "pool",
                x.type())), window));
        // Pooled 2x2; block (dy, dx) lists pixels (2py+dy, 2px+dx) of the 4x5 conv output; column 4 is dropped.
        assertArrayEquals(new int[] {0, 2, 10, 12, 1, 3, 11, 13, 5, 7, 15, 17, 6, 8, 16, 18}, pool.order());
    }
}
