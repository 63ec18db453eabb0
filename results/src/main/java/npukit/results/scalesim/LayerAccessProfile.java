package npukit.results.scalesim;

/**
 * What one layer did, in the terms SCALE-Sim reports (docs/scalesim-reports.md): its cycles, how busy
 * the array was, how well its GEMMs filled the array, and per operand the array's scratchpad and
 * accumulator accesses (SRAM) and the DMA's HBM transfers (DRAM).
 *
 * @param layer              the fused layer's name
 * @param cycles             from the layer's first to its last instruction's cycle, 1 or more
 * @param arrayBusyCycles    cycles in which one of its GEMMs was in progress, 0..cycles
 * @param macs               multiply-accumulates of its GEMMs
 * @param peCount            the array's R x C
 * @param mappingEfficiency  mean over its GEMMs of the share of PEs the GEMM's tile occupies, 0..1
 * @param computeUtilisation mean over its GEMMs of MACs / (R x C x the GEMM's cycles), 0..1
 * @param sramIfmap          activation elements the array read
 * @param sramFilter         weight elements the array read
 * @param sramOfmap          result elements the array wrote to the accumulators
 * @param dramIfmap          activation elements loaded from HBM
 * @param dramFilter         weight and quantization-parameter elements loaded from HBM
 * @param dramOfmap          output elements stored to HBM
 */
public record LayerAccessProfile(String layer, long cycles, long arrayBusyCycles, long macs, long peCount,
                                 double mappingEfficiency, double computeUtilisation,
                                 OperandAccess sramIfmap, OperandAccess sramFilter, OperandAccess sramOfmap,
                                 OperandAccess dramIfmap, OperandAccess dramFilter, OperandAccess dramOfmap) {

    public LayerAccessProfile {
        if (layer == null || layer.isBlank() || cycles < 1 || arrayBusyCycles < 0 || arrayBusyCycles > cycles
                || macs < 0 || peCount < 1) {
            throw new IllegalArgumentException("layer access profile of '" + layer + "': needs a name, cycles >= 1, "
                    + "0 <= busy <= cycles, MACs >= 0 and PEs >= 1, got " + cycles + ", " + arrayBusyCycles + ", "
                    + macs + ", " + peCount);
        }
        if (!(mappingEfficiency >= 0 && mappingEfficiency <= 1 && computeUtilisation >= 0 && computeUtilisation <= 1)) {
            throw new IllegalArgumentException("layer " + layer + ": mapping efficiency " + mappingEfficiency
                    + " and compute utilisation " + computeUtilisation + " must lie in 0..1");
        }
        if (sramIfmap == null || sramFilter == null || sramOfmap == null || dramIfmap == null || dramFilter == null
                || dramOfmap == null) {
            throw new IllegalArgumentException("layer " + layer + ": every operand access is required");
        }
    }

    /** Cycles its array waited: the layer's cycles less those a GEMM was in progress. */
    public long stallCycles() {
        return cycles - arrayBusyCycles;
    }

    /** MACs / (cycles x R x C), 0..1: SCALE-Sim's overall utilisation. */
    public double overallUtilisation() {
        return (double) macs / ((double) cycles * peCount);
    }
}
