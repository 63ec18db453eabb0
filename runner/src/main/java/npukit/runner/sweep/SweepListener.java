package npukit.runner.sweep;

import npukit.results.SweepRow;

/** Hears a sweep's progress: how many jobs there are, and each as it ends. */
public interface SweepListener {

    /** Before the first job: {@code total} jobs, {@code alreadyDone} of them in the results file already. */
    void started(int total, int alreadyDone);

    /** A job ended (its row is in the file). */
    void finished(SweepRow row);

    SweepListener NONE = new SweepListener() {
        @Override
        public void started(int total, int alreadyDone) {
        }

        @Override
        public void finished(SweepRow row) {
        }
    };
}
