package npukit.runner.sweep;

import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The engine that runs a sweep's jobs on this machine's cores: each job on a worker thread, handed over
 * as it ends (in whatever order jobs end).
 *
 * @param threads jobs run at once, 1 or more
 */
public record LocalSweep(int threads) implements SweepEngine {

    public LocalSweep {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": must be 1 or more");
        }
    }

    @Override
    public String describe() {
        return threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public void run(SweepSpec spec, List<Integer> todo, Consumer<SweepJobs.Lines> finished) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<SweepJobs.Lines> jobs = new ExecutorCompletionService<>(pool);
            for (int job : todo) {
                jobs.submit(() -> SweepJobs.Lines.of(SweepJobs.run(spec, job)));
            }
            for (int i = 0; i < todo.size(); i++) {
                finished.accept(jobs.take().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted; the rows written so far are kept", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a sweep job failed outside its workload: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
