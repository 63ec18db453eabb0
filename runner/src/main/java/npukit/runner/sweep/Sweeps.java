package npukit.runner.sweep;

import java.util.ArrayList;
import java.util.List;

/** Runs a sweep on an engine: what every engine shares. */
public final class Sweeps {

    private Sweeps() {
    }

    /**
     * Runs every job {@code results} does not hold yet on {@code engine}, each row appended as its job
     * ends, the files put in job order when all are done.
     */
    public static void run(SweepSpec spec, SweepResultsFile results, SweepEngine engine, SweepListener listener) {
        List<Integer> todo = new ArrayList<>();
        for (int job = 0; job < spec.jobs(); job++) {
            if (!results.done().contains(job)) {
                todo.add(job);
            }
        }
        listener.started(spec.jobs(), spec.jobs() - todo.size());
        engine.run(spec, todo, job -> {
            results.append(job);
            listener.finished(job.row(spec));
        });
        results.finish();
    }
}
