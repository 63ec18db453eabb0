package npukit.compiler.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.runtime.ModelCompiler;
import npukit.compiler.runtime.ShapeCompiledModel;
import org.junit.jupiter.api.Test;

/**
 * The timing-only path's shape-only topologies ({@link ScaleSimTopology#readShapes}) against the seeded
 * ones: the same graph but for the weights' values, compiled to the same plans and instructions; and a
 * shape-only tensor refuses to hand out elements it does not have.
 */
class ShapeOnlyTopologyTest {

    /** The repository's topologies: one convolution and one GEMM file. */
    static final List<String> TOPOLOGIES = List.of("conv_nets/test.csv", "gemm/test_mnk_input.csv");

    private static Path workloads() {
        // Maven runs tests in the module folder, whose parent is the repository root.
        return Path.of("").toAbsolutePath().getParent().resolve("workloads/scalesim");
    }

    @Test
    void shapeOnlyGraphsHaveTheSeededGraphsShapesAndNoData() {
        for (String f : TOPOLOGIES) {
            Path file = workloads().resolve(f);
            for (int batch : new int[] {1, 3}) {
                Graph seeded = ScaleSimTopology.read(file, ScaleSimTopology.DEFAULT_SEED, batch);
                Graph shapes = ScaleSimTopology.readShapes(file, batch);
                assertEquals(seeded.nodes(), shapes.nodes(), f);
                assertEquals(seeded.inputs(), shapes.inputs(), f);
                assertEquals(seeded.outputs(), shapes.outputs(), f);
                assertEquals(seeded.initializers().keySet(), shapes.initializers().keySet(), f);
                // The canonical text still prints: the weights' line says shape-only instead of a checksum.
                assertEquals(seeded.text().replaceAll(" crc32=[0-9a-f]{8}", " shape-only"), shapes.text(), f);
                for (var e : shapes.initializers().entrySet()) {
                    assertFalse(e.getValue().hasData(), e.getKey());
                    assertTrue(seeded.initializers().get(e.getKey()).hasData(), e.getKey());
                    assertEquals(seeded.initializers().get(e.getKey()).type(), e.getValue().type(), e.getKey());
                }
            }
        }
    }

    @Test
    void shapeOnlyAndSeededTopologiesCompileToTheSamePlansAndInstructions() {
        // Any deterministic timer serves: both compiles must rank the same candidates the same way.
        for (String chipName : List.of("gemmini", "edge-cmsis", "eyeriss")) {
            ChipConfig chip = ChipPresets.get(chipName);
            for (String f : TOPOLOGIES) {
                Path file = workloads().resolve(f);
                Function<Graph, ShapeCompiledModel> compile = g -> ModelCompiler.compileShapes(g, chip,
                        p -> p.instructions().size() * 7L + p.instructions().hashCode() % 5, new PlanCache());
                ShapeCompiledModel seeded = compile.apply(ScaleSimTopology.read(file));
                ShapeCompiledModel shapes = compile.apply(ScaleSimTopology.readShapes(file, 1));
                String where = f + " on " + chipName;
                assertEquals(seeded.segments().size(), shapes.segments().size(), where);
                assertFalse(seeded.segments().isEmpty(), where);
                for (int i = 0; i < seeded.segments().size(); i++) {
                    CompiledSegment a = seeded.segments().get(i);
                    CompiledSegment b = shapes.segments().get(i);
                    assertEquals(a.plans(), b.plans(), where);
                    assertEquals(a.program().instructions(), b.program().instructions(), where);
                    assertEquals(a.program().hbmImage().size(), b.program().hbmImage().size(), where);
                }
            }
        }
    }

    @Test
    void aShapeOnlyTensorRefusesItsElementsWithAnInternalError() {
        TensorType type = TensorType.of(ElementType.FLOAT, 4, 3);
        Tensor t = Tensor.shapeOnly(type);
        assertEquals(type, t.type());
        assertEquals(12, t.size());
        assertFalse(t.hasData());
        assertTrue(Tensor.zeros(type).hasData());
        List<Runnable> reads = List.of(() -> t.getDouble(0), () -> t.getLong(0), t::toDoubles, t::toLongs,
                t::toFloats, t::rawBytes, t::digest, () -> t.gather(TensorType.of(ElementType.FLOAT, 1), new int[] {0}));
        for (Runnable r : reads) {
            IllegalStateException e = assertThrows(IllegalStateException.class, r::run);
            assertTrue(e.getMessage().startsWith("internal error: the shape-only tensor"), e.getMessage());
        }
        // A view of another shape stays shape-only; equality is by type for shape-only tensors.
        Tensor view = t.withType(TensorType.of(ElementType.FLOAT, 12));
        assertFalse(view.hasData());
        assertEquals(Tensor.shapeOnly(type), t);
        assertFalse(t.equals(Tensor.zeros(type)));
        assertTrue(t.toString().endsWith("shape-only"), t.toString());
    }
}
