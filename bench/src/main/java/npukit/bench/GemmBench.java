package npukit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.isa.Assembler;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Program;
import npukit.sim.Simulator;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The functional simulator's GEMM: a program that loads random operands once and then runs
 * {@link #GEMMS} GEMMs on them, on a square array of each dataflow. The "macs" counter is the
 * simulated multiply-accumulates per host second, so its score is the GEMM throughput (the one LOAD
 * and FINISH are a small, fixed share).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GemmBench {

    /** GEMM instructions per program. */
    static final int GEMMS = 64;
    /** Rows a stationary dataflow streams per GEMM. */
    static final int STREAMED = 256;

    @Param({"16", "128"})
    int size;

    @Param({"WS", "IS", "OS"})
    String dataflow;

    private Simulator simulator;
    private Program program;
    private long macsPerRun;

    /** Simulated MACs, reported per second of benchmark time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Macs {
        public long macs;

        @Setup(Level.Iteration)
        public void clear() {
            macs = 0;
        }
    }

    @Setup
    public void setUp() {
        Dataflow df = Dataflow.valueOf(dataflow);
        ChipConfig chip = BenchChips.square(size, df);
        simulator = new Simulator(chip, Simulator.Mode.FUNCTIONAL);
        program = program(chip, df, size);
        macsPerRun = simulator.run(program).counters().macs();
    }

    @Benchmark
    public long functionalGemms(Macs counter) {
        long cycles = simulator.run(program).counters().cycles();
        counter.macs += macsPerRun;
        return cycles;
    }

    /**
     * One LOAD of random operands, then GEMMS GEMMs on them, a preload every fourth on WS and IS. WS
     * streams STREAMED rows of A through a P x P stationary B; IS streams STREAMED rows of B^T through
     * a stationary A^T; OS multiplies P x P by P x P (its m and n are bounded by the array).
     */
    static Program program(ChipConfig chip, Dataflow df, int p) {
        int streamed = df == Dataflow.OS ? p : STREAMED;
        int rows = streamed + p;
        byte[] data = new byte[rows * p];
        new Random(1).nextBytes(data);
        StringBuilder asm = new StringBuilder();
        int perLoad = 64;
        for (int r = 0; r < rows; r += perLoad) {
            int n = Math.min(perLoad, rows - r);
            asm.append("LOAD mem=sp row=").append(r).append(" hbm=").append(r * p).append(" rows=").append(n)
                    .append(" bytes=").append(p).append(" stride=").append(p)
                    .append(r + perLoad >= rows ? " push-next\n" : "\n");
        }
        for (int i = 0; i < GEMMS; i++) {
            String shape = switch (df) {
                case WS -> "a=0 b=" + streamed + " c=0 m=" + streamed + " k=" + p + " n=" + p;
                case IS -> "a=" + streamed + " b=0 c=0 m=" + p + " k=" + p + " n=" + streamed;
                case OS -> "a=0 b=" + p + " c=0 m=" + p + " k=" + p + " n=" + p;
            };
            asm.append("GEMM ").append(shape)
                    .append(df != Dataflow.OS && i % 4 == 0 ? " preload" : "")
                    .append(i > 0 ? " accumulate" : "")
                    .append(i == 0 ? " pop-prev" : "")
                    .append('\n');
        }
        asm.append("FINISH\n");
        List<HbmSegment> image = new ArrayList<>();
        image.add(new HbmSegment(0, data));
        return Program.of(chip, new Assembler(Geometry.of(chip)).assemble(asm.toString(), "gemm-bench"), image);
    }
}
