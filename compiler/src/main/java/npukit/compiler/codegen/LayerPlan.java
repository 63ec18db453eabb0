package npukit.compiler.codegen;

import java.util.List;

/**
 * What the tiling search chose for one layer and why.
 *
 * @param layer             the layer's name
 * @param tiling            the chosen tiling
 * @param candidates        tilings that fit the chip and were ranked by the analytic estimate
 * @param simulated         the cycles of each candidate run on the simulator (timing only), best
 *                          first; the first is the chosen one's
 * @param predictedCycles   exact cycles of the chosen tiling's single-layer program
 * @param runnerUpCycles    exact cycles of the next best simulated candidate, or -1 if only one was
 *                          simulated
 * @param instructions      instructions of the single-layer program, FINISH included
 * @param reason            one line on why this tiling won
 * @param mapping           the GEMM mapping when it is not the chip's plain one (e.g. "WS_TRANSPOSED"), else ""
 */
public record LayerPlan(String layer, Tiling tiling, int candidates, List<Long> simulated, long predictedCycles,
        long runnerUpCycles, int instructions, String reason, String mapping) {

    /** A plan on the chip's plain mapping. */
    public LayerPlan(String layer, Tiling tiling, int candidates, List<Long> simulated, long predictedCycles,
            long runnerUpCycles, int instructions, String reason) {
        this(layer, tiling, candidates, simulated, predictedCycles, runnerUpCycles, instructions, reason, "");
    }

    public LayerPlan {
        if (layer == null || tiling == null || simulated == null || reason == null || mapping == null) {
            throw new IllegalArgumentException("layer plan " + layer + ": layer, tiling, simulated, reason and mapping"
                    + " are required");
        }
        simulated = List.copyOf(simulated);
        if (simulated.isEmpty() || simulated.get(0) != predictedCycles) {
            throw new IllegalArgumentException("layer plan " + layer + ": predicted cycles " + predictedCycles
                    + " must be the first simulated result of " + simulated);
        }
        if (candidates < simulated.size()) {
            throw new IllegalArgumentException("layer plan " + layer + ": " + simulated.size() + " simulated of only "
                    + candidates + " candidates");
        }
        long expectedRunnerUp = simulated.size() > 1 ? simulated.get(1) : -1;
        if (runnerUpCycles != expectedRunnerUp) {
            throw new IllegalArgumentException("layer plan " + layer + ": runner-up cycles " + runnerUpCycles
                    + " must be " + expectedRunnerUp + " (the second simulated result)");
        }
        if (instructions < 1) {
            throw new IllegalArgumentException("layer plan " + layer + ": instructions = " + instructions
                    + ": must be at least 1");
        }
    }

    /** The same plan for another layer of the same shape on the same chip (the tiling search's result reused). */
    public LayerPlan forLayer(String name) {
        return new LayerPlan(name, tiling, candidates, simulated, predictedCycles, runnerUpCycles, instructions, reason,
                mapping);
    }

    /** The same plan, run on the named mapping instead of the chip's plain one. */
    public LayerPlan onMapping(String name) {
        return new LayerPlan(layer, tiling, candidates, simulated, predictedCycles, runnerUpCycles, instructions,
                name + ": " + reason, name);
    }

    /** The tiling as a report shows it, after the mapping when that is not the plain one. */
    public String describe() {
        return mapping.isEmpty() ? tiling.toString() : mapping + " " + tiling;
    }
}
