package npukit.runner;

import npukit.results.scalesim.LayerAccessProfile;
import npukit.arch.energy.EnergyBreakdown;

/**
 * What one fused layer did on the simulator: the span of cycles its instructions occupied (layers of
 * one program overlap at their edges), its MACs and HBM traffic, and the plan's prediction.
 *
 * @param layer           fused layer name
 * @param instructions    instructions the layer emitted
 * @param firstCycle      first cycle any of them ran
 * @param lastCycle       last cycle any of them ran
 * @param macs            multiply-accumulates of its GEMMs
 * @param hbmReadBytes    bytes its LOADs read
 * @param hbmWriteBytes   bytes its STOREs wrote
 * @param predictedCycles the code generator's prediction for the layer alone
 * @param access          its accesses by operand, as the SCALE-Sim reports show them
 * @param energy          what its instructions' activity cost, with static power over its span
 */
public record LayerRun(String layer, int instructions, long firstCycle, long lastCycle, long macs, long hbmReadBytes,
                       long hbmWriteBytes, long predictedCycles, LayerAccessProfile access, EnergyBreakdown energy) {

    /** Cycles from its first to its last instruction. */
    public long cycles() {
        return lastCycle - firstCycle + 1;
    }

    /** MACs per cycle over the array's R x C MACs per cycle. */
    public double utilisation(int rows, int cols) {
        return (double) macs / ((double) cycles() * rows * cols);
    }
}
