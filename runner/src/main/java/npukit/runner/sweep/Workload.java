package npukit.runner.sweep;

import npukit.arch.config.ChipConfig;

/**
 * Something a sweep runs at every point: a model, a topology or a program suite. Evaluating it on a
 * chip is one call, so a faster way to get the same figures can replace it without touching the sweep.
 */
public interface Workload {

    /** The name in the results' {@code workload} column. */
    String name();

    /** Its figures on {@code chip}; any exception becomes the point's failure reason. */
    PointOutcome evaluate(ChipConfig chip);
}
