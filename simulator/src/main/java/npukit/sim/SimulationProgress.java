package npukit.sim;

/**
 * Told how far a run has got, so a long simulation can show it. Called from the simulating thread each
 * time instructions finish, so it must be cheap (store the numbers; show them from another thread).
 */
@FunctionalInterface
public interface SimulationProgress {

    /** Nothing is told. */
    SimulationProgress NONE = (done, total, cycle) -> { };

    /**
     * @param done  instructions finished so far
     * @param total instructions the program runs (those before its FINISH)
     * @param cycle the last cycle simulated
     */
    void update(int done, int total, long cycle);
}
