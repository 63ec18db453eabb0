package npukit.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.energy.EnergyBreakdown;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.ir.Graph;
import npukit.compiler.runtime.CompileProgress;
import npukit.compiler.runtime.ModelCompiler;
import npukit.compiler.runtime.ShapeCompiledModel;
import npukit.isa.Program;
import npukit.results.LayerRecord;
import npukit.results.WorkloadMetrics;
import npukit.sim.Counters;
import npukit.sim.EnergyModel;
import npukit.sim.InstructionActivity;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;

/**
 * The performance path of {@code npu run TOPOLOGY.csv} and of sweeps over topologies: the model compiled
 * from its shapes alone ({@link ModelCompiler#compileShapes}) and each NPU program run once in the
 * simulator's timing-only mode, whose counters equal the functional mode's. No synthetic data, no
 * interpretation on the host, no calibration and no reference check: the question is cycles, not values.
 */
public final class TimingRuns {

    /**
     * One timing-only run.
     *
     * @param compiled what the compiler made of the model's shapes
     * @param programs the simulator's counters of each NPU program run, in step order (a dynamic MatMul's
     *                 program once per batch matrix pair)
     * @param layers   every layer with its measurements
     * @param runs     what each NPU layer did, as the SCALE-Sim reports read it
     * @param energy   what the whole model spent, from every program's counters (docs/energy.md)
     * @param batch    inferences the graph's inputs hold (each layer's product has this many times the rows)
     */
    public record TimingRun(ShapeCompiledModel compiled, List<Counters> programs, List<LayerRecord> layers,
                            List<LayerRun> runs, EnergyBreakdown energy, int batch) {

        public TimingRun {
            if (batch < 1) {
                throw new IllegalArgumentException("a batch is 1 or more inferences, got " + batch);
            }
            programs = List.copyOf(programs);
            layers = List.copyOf(layers);
            runs = List.copyOf(runs);
        }

        /** The whole model's cost: programs run one after another, as the host steps them. */
        public WorkloadMetrics metrics() {
            return new WorkloadMetrics(Math.max(1, programs.stream().mapToLong(Counters::cycles).sum()),
                    programs.stream().mapToLong(Counters::macs).sum(),
                    programs.stream().mapToLong(Counters::hbmReadBytes).sum(),
                    programs.stream().mapToLong(Counters::hbmWriteBytes).sum(), compiled.segments().size(), Optional.empty(),
                    energy, batch);
        }

        /** Weight and quantization-parameter elements the DMA loaded from HBM, over the whole batch. */
        public long weightElementsLoaded() {
            return runs.stream().mapToLong(r -> r.access().dramFilter().elements()).sum();
        }
    }

    /**
     * The largest batch a run takes: past it a batch only repeats the weights' amortisation it already
     * shows, while the host builds ever larger shape graphs.
     */
    public static final int MAX_BATCH = 1024;

    private TimingRuns() {
    }

    /** {@code batch} when it is 1..{@link #MAX_BATCH}; else an {@link InputException} naming {@code where}. */
    public static int checkBatch(String where, long batch) {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new InputException(where + " = " + batch + ": a batch is 1 to " + MAX_BATCH + " inferences");
        }
        return (int) batch;
    }

    /** {@code graph} compiled for {@code chip} from its shapes, plans reused from {@code cache}, and timed. */
    public static TimingRun run(Graph graph, ChipConfig chip, PlanCache cache) {
        return run(graph, 1, chip, cache, CompileProgress.NONE);
    }

    /** As {@link #run(Graph, ChipConfig, PlanCache)}, telling {@code progress} as each step's code is made. */
    public static TimingRun run(Graph graph, ChipConfig chip, PlanCache cache, CompileProgress progress) {
        return run(graph, 1, chip, cache, progress);
    }

    /** As {@link #run(Graph, ChipConfig, PlanCache)} for a graph whose inputs each hold a batch of {@code batch}. */
    public static TimingRun run(Graph graph, int batch, ChipConfig chip, PlanCache cache) {
        return run(graph, batch, chip, cache, CompileProgress.NONE);
    }

    /**
     * As {@link #run(Graph, ChipConfig, PlanCache, CompileProgress)} for a graph whose inputs each hold a batch
     * of {@code batch}.
     */
    public static TimingRun run(Graph graph, int batch, ChipConfig chip, PlanCache cache, CompileProgress progress) {
        return run(graph, batch, chip, cache, progress, 1);
    }

    /**
     * As {@link #run(Graph, int, ChipConfig, PlanCache, CompileProgress)}, the chains' tiling searches run on up
     * to {@code threads} threads; the programs, plans and counters are those of one thread. A sweep, which
     * runs its jobs in parallel already, keeps one.
     */
    public static TimingRun run(Graph graph, int batch, ChipConfig chip, PlanCache cache, CompileProgress progress,
            int threads) {
        ShapeCompiledModel compiled = ModelCompiler.compileShapes(graph, chip, new SimulatedTimer(chip), cache,
                progress, threads);
        Simulator simulator = new Simulator(chip, Simulator.Mode.TIMING_ONLY);
        InstructionActivity activity = new InstructionActivity(chip);
        EnergyModel energy = new EnergyModel(chip);
        List<Counters> counters = new ArrayList<>();
        List<LayerRun> layers = new ArrayList<>();
        for (CompiledSegment seg : compiled.segments()) {
            Program program = seg.program();
            SimulationResult r = simulator.run(program);
            LayerProfiler profiler = new LayerProfiler(chip, program, r, seg.hbmLayout(), activity, energy);
            // A program the host runs several times (a dynamic MatMul's pairs) takes as long each time.
            for (int run = 0; run < seg.runs(); run++) {
                counters.add(r.counters());
                for (int i = 0; i < seg.layerRanges().size(); i++) {
                    CompiledSegment.LayerRange range = seg.layerRanges().get(i);
                    layers.add(profiler.run(range.layer(), range, seg.plans().get(i).predictedCycles()));
                }
            }
        }
        return new TimingRun(compiled, counters, LayerRecords.of(compiled, layers), layers, energy.of(counters), batch);
    }
}
