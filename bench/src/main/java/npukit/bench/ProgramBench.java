package npukit.bench;

import java.util.concurrent.TimeUnit;
import npukit.arch.config.ChipPresets;
import npukit.isa.Program;
import npukit.isa.gen.LargeGemm;
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
 * A whole program through the simulator in each mode: the 512x256x256 tiled GEMM on gemmini that
 * `npu bench` also runs under Verilator (about 1,600 instructions: double-buffered loads, GEMMs, QUANT,
 * stores). Timing-only is what the tiling search and `npu run` on a topology pay per program. The
 * {@code stepping} param picks how the DMA engines are stepped ({@link Simulator.Stepping}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProgramBench {

    @Param({"PER_REQUEST", "BULK"})
    public Simulator.Stepping stepping;

    private Program program;
    private Simulator timingOnly;
    private Simulator functional;

    @Setup
    public void setUp() {
        program = LargeGemm.of(ChipPresets.gemmini(), 512, 256, 256, 256, 1).program();
        timingOnly = new Simulator(ChipPresets.gemmini(), Simulator.Mode.TIMING_ONLY, stepping);
        functional = new Simulator(ChipPresets.gemmini(), Simulator.Mode.FUNCTIONAL, stepping);
    }

    @Benchmark
    public long timingOnly() {
        return timingOnly.run(program).counters().cycles();
    }

    @Benchmark
    public long functional() {
        return functional.run(program).counters().cycles();
    }
}
