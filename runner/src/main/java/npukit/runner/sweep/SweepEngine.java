package npukit.runner.sweep;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a sweep's jobs run: on this machine's threads ({@link LocalSweep}) or elsewhere (the Spark engine
 * in module sweep-spark). An engine only runs jobs; reading the spec, the results file, resuming and
 * progress are {@link Sweeps#run}'s, the same for every engine, and a job's row is
 * {@link SweepJobs#run}'s, so every engine writes the same files.
 */
public interface SweepEngine {

    /** Where and how wide it runs, for the command's first line (e.g. "8 threads"). */
    String describe();

    /**
     * Runs {@code jobs} (indices into {@code spec}) and hands each to {@code finished} as it ends, in
     * whatever order jobs end, one at a time; returns when all have been handed over.
     */
    void run(SweepSpec spec, List<Integer> jobs, Consumer<SweepJobs.Lines> finished);
}
