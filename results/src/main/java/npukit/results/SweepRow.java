package npukit.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One workload at one point of a design space: which chip it ran on and what it cost, or why it failed.
 *
 * @param point      the point's index in the sweep, 0 or more (the spec's order)
 * @param workload   the workload's name
 * @param chip       the point's chip: its name and config hash are in every row
 * @param fields     the swept fields' values at this point, by field path, in the spec's order
 * @param metrics    what it cost, when it ran
 * @param failure    why it did not, otherwise
 */
public record SweepRow(int point, String workload, ChipSummary chip, Map<String, String> fields,
                       Optional<WorkloadMetrics> metrics, Optional<String> failure) {

    /**
     * What every row says of its chip, whatever was swept.
     *
     * @param name       the chip's name
     * @param configHash its config hash
     * @param rows       array rows
     * @param cols       array columns
     * @param dataflow   ws, is or os
     * @param clockMhz   clock, MHz
     * @param hbmBytesPerCycle HBM bandwidth with every channel busy, bytes per cycle (the roofline's slope)
     * @param area       its FPGA resources from the analytic model (docs/synthesis.md)
     */
    public record ChipSummary(String name, String configHash, int rows, int cols, String dataflow, double clockMhz,
                              long hbmBytesPerCycle, Area area) {
        public ChipSummary {
            if (name == null || configHash == null || dataflow == null || rows < 1 || cols < 1 || !(clockMhz > 0)
                    || hbmBytesPerCycle < 1 || area == null) {
                throw new IllegalArgumentException("a chip summary needs a name, hash, dataflow, array, clock, HBM rate"
                        + " and area");
            }
        }

        /** rows x cols. */
        public long peakMacsPerCycle() {
            return (long) rows * cols;
        }
    }

    /**
     * A chip's Xilinx 7-series resources as the analytic model estimates them (not synthesized: the
     * model's error against Yosys is in docs/synthesis.md).
     *
     * @param luts   LUTs, logic and distributed RAM
     * @param ffs    flip-flops
     * @param dsps   DSP48E1 blocks
     * @param brams  BRAM18 blocks (two make a RAMB36 tile)
     */
    public record Area(long luts, long ffs, long dsps, long brams) {
        public Area {
            if (luts < 0 || ffs < 0 || dsps < 0 || brams < 0) {
                throw new IllegalArgumentException("resource counts cannot be negative: " + luts + " LUTs, " + ffs
                        + " flip-flops, " + dsps + " DSPs, " + brams + " block RAMs");
            }
        }
    }

    public SweepRow {
        if (point < 0 || workload == null || workload.isBlank() || chip == null || fields == null || metrics == null
                || failure == null || metrics.isPresent() == failure.isPresent()) {
            throw new IllegalArgumentException("sweep row " + point + " " + workload
                    + ": needs a workload, a chip, fields and either metrics or a failure");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public boolean ok() {
        return metrics.isPresent();
    }

    /** Microseconds at the chip's clock. */
    public Optional<Double> latencyMicros() {
        return metrics.map(m -> m.cycles() / chip.clockMhz());
    }

    /** Energy per inference, uJ. */
    public Optional<Double> energyMicrojoules() {
        return metrics.map(m -> m.energy().totalMicrojoules());
    }

    /** Average power over the cycles at the chip's clock, mW. */
    public Optional<Double> powerMw() {
        return metrics.map(m -> m.energy().averagePowerMw(m.cycles(), chip.clockMhz()));
    }

    /** Two operations per MAC over the energy; empty when nothing was spent. */
    public Optional<Double> topsPerWatt() {
        return metrics.filter(m -> m.energy().totalPj() > 0).map(m -> m.energy().topsPerWatt(m.macs()));
    }

    /** MACs / (cycles x rows x cols), 0..1. */
    public Optional<Double> utilisation() {
        return metrics.map(m -> (double) m.macs() / ((double) m.cycles() * chip.rows() * chip.cols()));
    }
}
