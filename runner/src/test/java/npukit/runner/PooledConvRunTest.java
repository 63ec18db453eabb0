package npukit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import npukit.arch.config.ArrayConfig;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.HbmRegion;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.Conv2d;
import npukit.compiler.ir.ConvGeometry;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.ElementwiseUnary;
import npukit.compiler.ir.Graph;
import npukit.compiler.ir.Layout;
import npukit.compiler.ir.MaxPool;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pads2d;
import npukit.compiler.ir.PoolWindow;
import npukit.compiler.ir.Size2d;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.UnaryFunction;
import npukit.compiler.ir.Value;
import npukit.compiler.partition.NpuStep;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompileOptions;
import npukit.compiler.runtime.CompiledModel;
import npukit.compiler.runtime.ModelCompiler;
import npukit.isa.Instruction;
import org.junit.jupiter.api.Test;

/**
 * Max pooling on the VALU after a convolution. The runner checks every pooled program against the
 * layer reference over the reordered rows, max-pooled; here the pooled model's outputs must also equal
 * bit for bit those of the same model with the pool on the host (the conv output made a graph output,
 * so the pool cannot join it), and the timing-only compile must give the functional run's cycles.
 */
class PooledConvRunTest {

    /**
     * x (1, cin, h, h) -> Conv kxk (cout, with a bias unless cout >= 64) -> Relu -> MaxPool; with
     * {@code exposeConv} the conv output is an output too. Without a bias, a per-tensor chip's columns
     * share one QUANT parameter set, so storing C^T (a QUANT per channel row) costs no more sets.
     */
    static Graph pooled(int cin, int h, int cout, int k, PoolWindow window, boolean exposeConv) {
        boolean hasBias = cout < 64;
        Value x = new Value("x", new TensorType(ElementType.FLOAT, List.of(1, cin, h, h), Layout.NCHW));
        Value w = new Value("w", TensorType.of(ElementType.FLOAT, cout, cin, k, k));
        Value b = new Value("b", TensorType.of(ElementType.FLOAT, cout));
        ConvGeometry geo = new ConvGeometry(Size2d.ONE, Pads2d.NONE, Size2d.ONE, 1);
        Value c = new Value("c", Conv2d.infer("conv", x, w, geo));
        Value r = new Value("r", c.type());
        Value p = new Value("p", window.outputType("MaxPool", "pool", r.type()));
        Random rnd = new Random(cin * 131L + cout);
        float[] weights = new float[cout * cin * k * k];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) rnd.nextGaussian();
        }
        float[] bias = new float[cout];
        for (int i = 0; i < cout; i++) {
            bias[i] = (float) (0.1 * rnd.nextGaussian());
        }
        List<Node> nodes = List.of(new Conv2d("conv", x, w, hasBias ? Optional.of(b) : Optional.empty(), c, geo),
                new ElementwiseUnary("relu", UnaryFunction.Plain.RELU, c, r), new MaxPool("pool", r, p, window));
        Map<String, Tensor> inits = hasBias ? Map.of("w", Tensor.ofFloats(List.of(cout, cin, k, k), weights), "b",
                Tensor.ofFloats(List.of(cout), bias)) : Map.of("w", Tensor.ofFloats(List.of(cout, cin, k, k), weights));
        return new Graph("pooled", List.of(x), inits, nodes, exposeConv ? List.of(p, r) : List.of(p));
    }

    static Map<String, Tensor> input(int cin, int h, long seed) {
        Random r = new Random(seed);
        float[] v = new float[cin * h * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Map.of("x", Tensor.ofFloats(List.of(1, cin, h, h), v));
    }

    /** ResNet's stem pool: 3x3 windows at stride 2 with pads 1, overlapping and reaching into the padding. */
    static PoolWindow stem() {
        return new PoolWindow(new Size2d(3, 3), new Size2d(2, 2), new Pads2d(1, 1, 1, 1), Size2d.ONE, false);
    }

    static PoolWindow window(int k, int s) {
        return new PoolWindow(new Size2d(k, k), new Size2d(s, s), Pads2d.NONE, Size2d.ONE, false);
    }

    private static CompiledModel compile(Graph g, ChipConfig chip, int cin, int h) {
        // Without scale migration: smoothing would put a host Mul before the conv that reads the graph
        // input, and this test checks the conv's own program (ScaleMigrationRunTest covers the migration).
        return ModelCompiler.compile(g, chip, new CompileOptions(1, List.of(input(cin, h, 1), input(cin, h, 2)),
                CalibrationMethod.MINMAX, true).withoutScaleMigration(), new SimulatedTimer(chip));
    }

    /** Runs the pooled model and the host-pooled one; returns the pooled model's Y region name. */
    private static String runsAsTheHostPools(ChipConfig chip, int cin, int h, int cout, int k, int pool) {
        return runsAsTheHostPools(chip, cin, h, cout, k, window(pool, pool));
    }

    private static String runsAsTheHostPools(ChipConfig chip, int cin, int h, int cout, int k, PoolWindow window) {
        Graph g = pooled(cin, h, cout, k, window, false);
        CompiledModel model = compile(g, chip, cin, h);
        NpuStep step = (NpuStep) model.partition().steps().get(0);
        assertTrue(step.pool().isPresent(), model.partition().text());
        assertEquals(1, model.partition().steps().size(), model.partition().text());
        RunResult run = new ModelRunner(model).run(input(cin, h, 4));
        CompiledModel host = compile(pooled(cin, h, cout, k, window, true), chip, cin, h);
        assertTrue(host.partition().text().contains("host MaxPool pool"), host.partition().text());
        RunResult hostRun = new ModelRunner(host).run(input(cin, h, 4));
        assertArrayEquals(hostRun.outputs().get("p").toDoubles(), run.outputs().get("p").toDoubles(), chip.name());
        assertEquals(run.totalCycles(), TimingRuns.run(g, chip, new PlanCache()).metrics().cycles(), chip.name());
        return model.segments().get(0).hbmLayout().stream().filter(r -> r.role() == HbmRegion.Role.OUTPUT)
                .map(HbmRegion::name).filter(n -> n.contains("max-pooled")).findFirst().orElseThrow();
    }

    @Test
    void rowMajorOutputsPoolExactlyOnEveryKindOfArray() {
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.edgeCmsis(), ChipPresets.eyeriss(),
                ChipPresets.vta())) {
            // 9x9 -> 7x7 conv output, 3x3 pooled: the last conv row and column are dropped (floor mode);
            // 9 pooled pixels x 6 channels are not whole scratchpad rows, so the last row is partial.
            String y = runsAsTheHostPools(chip, 3, 9, 6, 3, 2);
            assertTrue(!y.contains("transposed"), y);
        }
    }

    @Test
    void overlappingPaddedAndCeilModeWindowsPoolExactly() {
        // ResNet's stem pool over a 12x12 conv output: 6x6 pooled, every window position in the padding reads
        // the nearest pixel of its own window; 2.25x the conv's rows.
        PoolWindow stem = stem();
        // AlexNet's (3x3, stride 2, no pads) and a 2x2 ceil-mode pool whose last window is partial (9x9 -> 5x5).
        PoolWindow alexNet = window(3, 2);
        PoolWindow ceil = new PoolWindow(new Size2d(2, 2), new Size2d(2, 2), Pads2d.NONE, Size2d.ONE, true);
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.edgeCmsis(), inputStationaryGemmini())) {
            runsAsTheHostPools(chip, 3, 14, 6, 3, stem);
            runsAsTheHostPools(chip, 2, 13, 5, 3, alexNet);
            runsAsTheHostPools(chip, 3, 11, 6, 3, ceil);
        }
        CompiledModel model = compile(pooled(3, 14, 6, 3, stem, false), ChipPresets.gemmini(), 3, 14);
        assertTrue(model.partition().text().contains("npu  maxpool pool: %r -> %p on the VALU {kernel=[3,3] strides=[2,2]"
                + " pads=[1,1,1,1] blocks=9x36 recompute=2.25x}"), model.partition().text());
    }

    @Test
    void poolsFoldedIntoTheQuantOutputSlotsMatchTheHost() {
        // MNIST's first conv (24x24 outputs of 10 channels, 2x2 windows): the search tiles m by whole blocks
        // of 144 pooled pixels, so the pool folds into the QUANT output slots (FusedPool).
        assertTrue(storesOnlyPooledRows(compile(pooled(1, 28, 10, 5, window(2, 2), false), ChipPresets.gemmini(), 1,
                28)));
        runsAsTheHostPools(ChipPresets.gemmini(), 1, 28, 10, 5, 2);
        // 9x9 -> 7x7, 3x3 pooled: one m tile holds every block, which each column chunk folds in place.
        assertTrue(storesOnlyPooledRows(compile(pooled(3, 9, 6, 3, window(2, 2), false), ChipPresets.gemmini(), 3, 9)));
    }

    /** Whether the conv's program stores only pooled rows: Y's blocks are never stored nor loaded back. */
    private static boolean storesOnlyPooledRows(CompiledModel model) {
        CompiledSegment seg = model.segments().get(0);
        HbmRegion pooled = seg.hbmLayout().stream().filter(r -> r.name().contains("max-pooled")).findFirst()
                .orElseThrow();
        return seg.program().instructions().stream().filter(i -> i instanceof Instruction.Store)
                .map(i -> (Instruction.Store) i)
                .allMatch(st -> st.hbm() >= pooled.address() && st.hbm() < pooled.address() + pooled.bytes());
    }

    @Test
    void transposedOutputsPoolExactly() {
        // Few pixels, many channels: the weight-stationary array streams the activations (C^T is stored). With
        // 128 channels the search, which times each tiling with its pool, keeps the activations stationary.
        String y = runsAsTheHostPools(ChipPresets.gemmini(), 16, 6, 256, 3, 2);
        assertTrue(y.contains("transposed"), y);
    }

    /** gemmini's array and memories on the input-stationary dataflow. */
    static ChipConfig inputStationaryGemmini() {
        ChipConfig g = ChipPresets.gemmini();
        return new ChipConfig("gemmini-is", "gemmini, input-stationary", new ArrayConfig(g.array().rows(),
                g.array().cols(), Dataflow.IS, g.array().operandBits(), g.array().accumulatorBits(), g.array().pe()),
                g.sram(), g.hbm(), g.quant(), g.clock());
    }

    @Test
    void inputStationaryChipsPoolTheirTransposedOutputInManyChunks() {
        // gemmini on IS: C^T is stored; 18x18 conv output of 24 channels pools to 81 pixels, tiles of 16 pixels
        // (the last one narrow) by 16 channels: 12 chunks through both slots.
        String y = runsAsTheHostPools(inputStationaryGemmini(), 3, 20, 24, 3, 2);
        assertTrue(y.contains("transposed"), y);
    }

    @Test
    void windowsOverlappingBeyondTheRecomputeLimitAreGatheredFromTheConvOutput() {
        // 2x2 at stride 1 (7x7 -> 6x6: 2.94x the conv's rows if recomputed), 3x3 at stride 1 padded to the same
        // size, and YOLO's 5x5 spatial pyramid pool at stride 1 padded by 2 over an 11x11 conv output: the conv
        // computes each pixel once and the pass loads each block's rows where they lie, runs of a pooled row's
        // pixels away from the border and single pixels at it (the padding repeats the nearest pixel).
        PoolWindow dense = window(2, 1);
        PoolWindow same = new PoolWindow(new Size2d(3, 3), Size2d.ONE, new Pads2d(1, 1, 1, 1), Size2d.ONE, false);
        PoolWindow pyramid = new PoolWindow(new Size2d(5, 5), Size2d.ONE, new Pads2d(2, 2, 2, 2), Size2d.ONE, false);
        for (ChipConfig chip : List.of(ChipPresets.gemmini(), ChipPresets.edgeCmsis(), ChipPresets.vta(),
                inputStationaryGemmini())) {
            String y = runsAsTheHostPools(chip, 3, 9, 6, 3, dense);
            runsAsTheHostPools(chip, 2, 8, 5, 3, same);
            runsAsTheHostPools(chip, 3, 13, 6, 3, pyramid);
            // The input-stationary chip stores C^T: a run of pixels is a run of its columns.
            assertEquals(chip.name().equals("gemmini-is"), y.contains("transposed"), y);
        }
        CompiledModel model = compile(pooled(3, 13, 6, 3, pyramid, false), ChipPresets.gemmini(), 3, 13);
        assertTrue(model.partition().text().contains("npu  maxpool pool: %r -> %p on the VALU {kernel=[5,5] strides=[1,1]"
                + " pads=[2,2,2,2] blocks=25x121 gathered}"), model.partition().text());
        // Each pixel computed once: the GEMM's rows are the conv's 121 pixels, not 25 blocks of them.
        NpuStep step = (NpuStep) model.partition().steps().get(0);
        assertEquals(121, ModelCompiler.pooledRows(model.layers().get(step.layers().get(0).name()).npu(),
                step.pool().orElseThrow()).m());
    }

    @Test
    void poolsTheVaLuCannotRunStayOnTheHostWithTheirReason() {
        // 5x5 windows at stride 2 overlap beyond the recompute limit, and a width stride of 2 leaves no two
        // pixels of a block next to each other to load at once.
        Graph overlapping = pooled(3, 13, 6, 3, window(5, 2), false);
        CompiledModel model = compile(overlapping, ChipPresets.gemmini(), 3, 13);
        assertTrue(model.partition().text().contains("host MaxPool pool: %r -> %p  (pooling runs on the host:"
                + " overlapping windows (kernel [5,5], strides [2,2]) would compute 3.31x the convolution's covered"
                + " rows, above 2.25x, and a width stride above 1 leaves no runs of pixels to gather)"),
                model.partition().text());
        new ModelRunner(model).run(input(3, 13, 4));
        // A log chip's codes are not ordered as their values: its pool stays on the host.
        CompiledModel log = compile(pooled(3, 9, 6, 3, window(2, 2), false), ChipPresets.nnie(), 3, 9);
        assertTrue(log.partition().text().contains("log codes"), log.partition().text());
        new ModelRunner(log).run(input(3, 9, 4));
    }
}
