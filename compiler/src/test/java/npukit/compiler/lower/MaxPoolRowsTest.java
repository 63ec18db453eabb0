package npukit.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        agreesWithTheInterpreter(n, c, h, w, new PoolWindow(new Size2d(kh, kw), new Size2d(kh, kw), Pads2d.NONE,
                Size2d.ONE, false));
    }

    private static void agreesWithTheInterpreter(int n, int c, int h, int w, PoolWindow window) {
        int kh = window.kernel().h();
        int kw = window.kernel().w();
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(n, c, h, w), Layout.NCHW));
        Value y = new Value("y", window.outputType("MaxPool", "pool", x.type()));
        MaxPool node = new MaxPool("pool", x, y, window);
        // Built directly: the row order must be exact whatever recompute factor the partitioner accepts.
        MaxPoolRows pool = new MaxPoolRows("pool", y, ImageShape.of(x.type()), window);
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
        assertEquals(pool.gathered() ? n * h * w : kh * kw * pool.pooledRows(), pool.rows());
    }

    @Test
    void blockMaximumIsTheInterpretersMaxPool() {
        agreesWithTheInterpreter(1, 10, 24, 24, 2, 2);
        agreesWithTheInterpreter(2, 3, 7, 9, 2, 3);
        agreesWithTheInterpreter(1, 5, 5, 5, 3, 3);
    }

    @Test
    void paddedOverlappingDilatedAndCeilModeWindowsToo() {
        Size2d one = Size2d.ONE;
        List<PoolWindow> windows = List.of(
                new PoolWindow(new Size2d(3, 3), new Size2d(2, 2), new Pads2d(1, 1, 1, 1), one, false),
                new PoolWindow(new Size2d(3, 3), new Size2d(2, 2), Pads2d.NONE, one, false),
                new PoolWindow(new Size2d(2, 3), new Size2d(2, 3), new Pads2d(1, 0, 0, 2), one, true),
                new PoolWindow(new Size2d(2, 2), new Size2d(3, 3), new Pads2d(0, 1, 1, 0), new Size2d(2, 2), false),
                new PoolWindow(new Size2d(2, 2), new Size2d(2, 2), Pads2d.NONE, one, true),
                new PoolWindow(new Size2d(3, 3), new Size2d(1, 1), new Pads2d(1, 1, 1, 1), one, true));
        for (PoolWindow window : windows) {
            for (int size : new int[] {5, 8, 11}) {
                agreesWithTheInterpreter(2, 3, size, size + 1, window);
            }
        }
    }

    @Test
    void aWindowWithNoPixelOfTheImageIsRefused() {
        // Rows: one image row, a 2-tap window 3 apart starting 2 rows above it reads rows -2 and 1.
        PoolWindow w = new PoolWindow(new Size2d(2, 2), Size2d.ONE, new Pads2d(2, 0, 1, 0), new Size2d(3, 1), false);
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 1, 1, 4), Layout.NCHW));
        MaxPool node = new MaxPool("pool", x, new Value("y", w.outputType("MaxPool", "pool", x.type())), w);
        assertTrue(MaxPoolRows.refusal(node).orElseThrow().contains("holds no pixel of the 1x4 image"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new MaxPoolRows("pool", node.y(), ImageShape.of(x.type()), w)).getMessage().contains("holds no pixel"));
    }

    @Test
    void recomputeCountsTheRowsOverlappingWindowsRepeat() {
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 1, 112, 112), Layout.NCHW));
        PoolWindow stem = new PoolWindow(new Size2d(3, 3), new Size2d(2, 2), new Pads2d(1, 1, 1, 1), Size2d.ONE, false);
        MaxPool node = new MaxPool("pool", x, new Value("y", stem.outputType("MaxPool", "pool", x.type())), stem);
        // 56x56 windows of 9 positions over 112x112 pixels: 9 * 3136 / 12544.
        assertEquals(2.25, MaxPoolRows.of(node).recompute(), 1e-12);
        PoolWindow plain = new PoolWindow(new Size2d(2, 2), new Size2d(2, 2), Pads2d.NONE, Size2d.ONE, false);
        node = new MaxPool("pool", x, new Value("y", plain.outputType("MaxPool", "pool", x.type())), plain);
        assertEquals(1.0, MaxPoolRows.of(node).recompute(), 1e-12);
        PoolWindow dense = new PoolWindow(new Size2d(3, 3), Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, false);
        node = new MaxPool("pool", x, new Value("y", dense.outputType("MaxPool", "pool", x.type())), dense);
        assertEquals(9.0, new MaxPoolRows("pool", node.y(), ImageShape.of(x.type()), dense).recompute(), 1e-12);
        // Beyond the limit each pixel is computed once and the pool gathers them: X keeps its order.
        MaxPoolRows gathered = MaxPoolRows.of(node);
        assertTrue(gathered.gathered());
        assertEquals(112 * 112, gathered.rows());
        int[] xs = new int[112 * 112];
        java.util.Arrays.setAll(xs, i -> i);
        assertSame(xs, gathered.reorder(xs, 1));
        PoolWindow strided = new PoolWindow(new Size2d(5, 5), new Size2d(2, 2), new Pads2d(2, 2, 2, 2), Size2d.ONE, false);
        node = new MaxPool("pool", x, new Value("y", strided.outputType("MaxPool", "pool", x.type())), strided);
        assertTrue(MaxPoolRows.refusal(node).orElseThrow().startsWith("overlapping windows"));
        assertTrue(MaxPoolRows.refusal(node).orElseThrow().endsWith("a width stride above 1 leaves no runs of pixels to gather"));
    }

    @Test
    void gatheredPoolsTakeTheMaximumOfEachWindowFromTheConvOrder() {
        // A 2-channel 5x5 image, 2x2 windows at stride 1 (2.56x if recomputed): 4x4 pooled pixels.
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, 2, 5, 5), Layout.NCHW));
        PoolWindow w = new PoolWindow(new Size2d(2, 2), Size2d.ONE, Pads2d.NONE, Size2d.ONE, false);
        MaxPool node = new MaxPool("pool", x, new Value("y", w.outputType("MaxPool", "pool", x.type())), w);
        MaxPoolRows rows = MaxPoolRows.of(node);
        assertTrue(rows.gathered());
        assertEquals(25, rows.rows());
        int[] y = new Random(3).ints(25 * 2, -128, 128).toArray();
        int[] expected = new int[16 * 2];
        for (int py = 0; py < 4; py++) {
            for (int px = 0; px < 4; px++) {
                for (int ch = 0; ch < 2; ch++) {
                    int m = Integer.MIN_VALUE;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            m = Math.max(m, y[((py + dy) * 5 + px + dx) * 2 + ch]);
                        }
                    }
                    expected[(py * 4 + px) * 2 + ch] = m;
                }
            }
        }
        assertArrayEquals(expected, rows.pool(y, 2));
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
