package npukit.runner.regress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import npukit.results.SweepRow;
import npukit.runner.sweep.SweepJobs;
import npukit.runner.sweep.SweepListener;
import npukit.runner.sweep.SweepResultsFile;
import npukit.runner.sweep.SweepSpec;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.verify.ChipVerification;

/**
 * Runs a regression suite: each chip on a worker thread (its RTL built once, its programs co-validated
 * in turn, since one chip's Verilator model is driven from one thread), each case's row appended to the
 * results file as it ends. Cases the file already holds are skipped, so a killed run goes on where it
 * stopped; at the end the file is put in job order, the same whatever the thread count.
 */
public final class Regression {

    private Regression() {
    }

    /** Runs every case {@code results} does not hold yet, {@code threads} chips at once. */
    public static void run(RegressSuite suite, SweepResultsFile results, VerilatorBuild build, int threads,
            SweepListener listener) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + ": must be 1 or more");
        }
        SweepSpec spec = suite.asSweep();
        int perChip = suite.cases().size();
        List<List<Integer>> todo = new ArrayList<>();
        int left = 0;
        for (int chip = 0; chip < suite.chips().size(); chip++) {
            List<Integer> jobs = new ArrayList<>();
            for (int job = chip * perChip; job < (chip + 1) * perChip; job++) {
                if (!results.done().contains(job)) {
                    jobs.add(job);
                }
            }
            todo.add(jobs);
            left += jobs.size();
        }
        listener.started(spec.jobs(), spec.jobs() - left);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "regress-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> chips = new ArrayList<>();
            for (int chip = 0; chip < todo.size(); chip++) {
                List<Integer> jobs = todo.get(chip);
                if (jobs.isEmpty()) {
                    continue;
                }
                ChipVerification verification = new ChipVerification(suite.chips().get(chip), build);
                int point = chip;
                chips.add(pool.submit(() -> {
                    for (int job : jobs) {
                        SweepRow row = suite.cases().get(job % perChip).run(point, verification);
                        results.append(SweepJobs.Lines.of(new SweepJobs.Done(job, row, List.of())));
                        synchronized (listener) {
                            listener.finished(row);
                        }
                    }
                }));
            }
            for (Future<?> f : chips) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the regression run was interrupted; the rows written so far are kept", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a regression case failed outside co-validation: " + e.getCause(),
                    e.getCause());
        } finally {
            pool.shutdownNow();
        }
        results.finish();
    }
}
