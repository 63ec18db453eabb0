package npukit.compiler.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.GlobalAveragePool;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.Partitioner;
import org.junit.jupiter.api.Test;

class GlobalAveragePoolAsMatMulTest {

    private static Graph gap(TensorType x) {
        Value xv = new Value("x", x);
        Value y = new Value("y", GlobalAveragePool.infer("gap", xv));
        return new Graph("pool", List.of(xv), Map.of(), List.of(new GlobalAveragePool("gap", xv, y)), List.of(y));
    }

    private static String masked(Graph g) {
        return g.text().replaceAll("crc32=[0-9a-f]{8}", "crc32=*");
    }

    @Test
    void aGlobalAveragePoolIsTheImageRowsTimesAColumnOfMeans() {
        Graph before = gap(new TensorType(ElementType.FLOAT, List.of(2, 4, 7, 6), Layout.NCHW));
        Graph after = PassPipeline.standard().run(before);
        assertEquals("""
                graph pool
                input %x: f32[2,4,7,6] NCHW
                init %gap.image_shape: i64[4] crc32=*
                init %gap.rows_shape: i64[2] crc32=*
                init %gap.weight: f32[42,1] crc32=*
                node gap.to_rows: %gap.rows: f32[8,42] = Reshape(%x, shape=%gap.rows_shape) {allowzero=false}
                node gap: %gap.means: f32[8,1] = MatMul(%gap.rows, %gap.weight)
                node gap.to_image: %y: f32[2,4,1,1] NCHW = Reshape(%gap.means, shape=%gap.image_shape) {allowzero=false}
                output %y: f32[2,4,1,1] NCHW
                """, masked(after));
        assertEquals(1.0 / 42, after.initializers().get("gap.weight").getDouble(17), 1e-9);
        Outputs.assertClose(before, after, 1e-5);
        // The product is a dense NPU layer: a row per channel, one column.
        String partition = Partitioner.partition(after, true).text();
        assertTrue(partition.contains("npu  dense gap: %gap.rows -> %gap.means m=8 k=42 n=1"), partition);
    }

    @Test
    void anNhwcOrUnboundImageStays() {
        assertTrue(new GlobalAveragePoolAsMatMul().apply(
                gap(new TensorType(ElementType.FLOAT, List.of(1, 7, 6, 4), Layout.NHWC))).isEmpty());
        assertTrue(new GlobalAveragePoolAsMatMul().apply(
                gap(new TensorType(ElementType.FLOAT, List.of(TensorType.UNKNOWN, 4, 7, 6), Layout.NCHW))).isEmpty());
    }
}
