package npukit.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.codegen.ProgramTimer;
import npukit.compiler.codegen.SegmentCompiler;
import npukit.compiler.lower.NpuLayer;
import npukit.sim.Simulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tiling search on single layers, each compiled from scratch (a fresh plan cache), with the
 * simulator's timing-only mode as the timer as `npu run` uses it. Layers are conv layers as GEMMs
 * (m = output pixels, k = kernel volume, n = filters): AlexNet conv1 and conv3 and a ResNet-50 3x3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TilingSearchBench {

    @Param({"3025x363x96", "169x2304x384", "3136x576x64"})
    String layer;

    @Param({"32x32-OS", "128x128-WS"})
    String chip;

    private ChipConfig config;
    private NpuLayer npuLayer;
    private ProgramTimer timer;

    @Setup
    public void setUp() {
        String[] a = chip.split("[x-]");
        config = BenchChips.square(Integer.parseInt(a[0]), Dataflow.valueOf(a[2]));
        String[] d = layer.split("x");
        int m = Integer.parseInt(d[0]);
        int k = Integer.parseInt(d[1]);
        int n = Integer.parseInt(d[2]);
        npuLayer = new NpuLayer(layer, m, k, n, new int[k * n], List.of(), NpuLayer.Output.ACCUMULATORS);
        Simulator sim = new Simulator(config, Simulator.Mode.TIMING_ONLY);
        timer = p -> sim.run(p).counters().cycles();
    }

    @Benchmark
    public Object compileLayer() {
        return SegmentCompiler.compile(config, List.of(npuLayer), timer, new PlanCache());
    }
}
