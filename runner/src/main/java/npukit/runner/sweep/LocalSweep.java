package npukit.runner.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a sweep's jobs on this machine's cores: each job on a worker thread, each row appended to the
 * results file as its job ends (in whatever order jobs end), the files put in job order at the end.
 */
public final class LocalSweep {

    private LocalSweep() {
    }

    /** Runs every job {@code results} does not hold yet on {@code threads} threads. */
    public static void run(SweepSpec spec, SweepResultsFile results, int threads, SweepListener listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": must be 1 or more");
        }
        List<Integer> todo = new ArrayList<>();
        for (int job = 0; job < spec.jobs(); job++) {
            if (!results.done().contains(job)) {
                todo.add(job);
            }
        }
        listener.started(spec.jobs(), spec.jobs() - todo.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<SweepJobs.Done> jobs = new ExecutorCompletionService<>(pool);
            for (int job : todo) {
                jobs.submit(() -> SweepJobs.run(spec, job));
            }
            for (int i = 0; i < todo.size(); i++) {
                SweepJobs.Done done = jobs.take().get();
                results.append(done);
                listener.finished(done.row());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted; the rows written so far are kept", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sweep job failed outside its workload: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        results.finish();
    }
}
