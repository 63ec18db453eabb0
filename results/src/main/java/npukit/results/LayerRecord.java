package npukit.results;

import java.util.Optional;
import java.util.OptionalDouble;
import npukit.arch.energy.EnergyBreakdown;
import npukit.arch.config.Roofline;
import npukit.arch.config.RooflinePoint;

/**
 * One layer of a model on one chip: what it is, its static figures, how it was mapped and, once run,
 * what the machine measured. Counts are plain counts, sizes are bytes, times are core cycles. A figure
 * that does not apply (a host node's shape, an unmeasured layer's cycles) is absent, never 0.
 *
 * @param layer        the fused layer's or host node's name, not blank
 * @param placement    where it runs
 * @param op           what it computes: {@code conv+relu}, {@code dense}, {@code MaxPool}, {@code QLinearConv}
 * @param kind         {@code conv} or {@code dense} for a layer analysed as an array product, {@code host}
 *                     otherwise (an integer ONNX product runs on the NPU but is analysed as a node)
 * @param nodes        the graph nodes it covers, joined by {@code +} ({@code Conv_0+Relu_2})
 * @param shape        the m x k x n product of an array layer
 * @param parameters   learned values (weights plus biases; float initializers of a host node), count
 * @param macs         multiply-accumulates of an array layer, m k n; 0 otherwise
 * @param elementBytes bytes of one operand, 1 or 2
 * @param inputBytes   the input activation read once, bytes
 * @param outputBytes  the output activation written once, bytes
 * @param weightBytes  weights as stored, bytes
 * @param biasBytes    biases as the quant unit adds them (accumulator width), bytes
 * @param roofline     the chip's roofline
 * @param bound        where an array layer sits on the roofline at its minimum traffic
 * @param mapping      the NPU mapping: the tiling and its predicted cycles
 * @param hostReason   why the host runs it
 * @param measured     what one run measured, for a layer the NPU ran
 */
public record LayerRecord(String layer, Placement placement, String op, String kind, String nodes, Optional<Shape> shape,
                          long parameters, long macs, int elementBytes, long inputBytes, long outputBytes, long weightBytes,
                          long biasBytes, Roofline roofline, Optional<RooflinePoint> bound, Optional<Mapping> mapping,
                          Optional<String> hostReason, Optional<Measurement> measured) {

    /** Where a layer runs. */
    public enum Placement {
        NPU, HOST;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Y[m x n] = X[m x k] W[k x n], each 1 or more. */
    public record Shape(int m, int k, int n) {
        public Shape {
            if (m < 1 || k < 1 || n < 1) {
                throw new IllegalArgumentException("matrix shape needs m, k, n of 1 or more, got " + m + " x " + k + " x " + n);
            }
        }
    }

    /**
     * The code generator's choice for an NPU layer.
     *
     * @param tiling          the tiling and loop order, as text ({@code K_INNER 72x16x10})
     * @param predictedCycles the layer's single-layer program's cycles, 1 or more
     */
    public record Mapping(String tiling, long predictedCycles) {
        public Mapping {
            if (tiling == null || tiling.isBlank() || predictedCycles < 1) {
                throw new IllegalArgumentException("a mapping needs a tiling and predicted cycles of 1 or more, got '"
                        + tiling + "' and " + predictedCycles);
            }
        }
    }

    /**
     * What a run measured for one NPU layer.
     *
     * @param simulatedCycles from its first to its last instruction's cycle, 1 or more
     * @param macs            multiply-accumulates its GEMMs did, 0 or more
     * @param hbmReadBytes    bytes its loads read, 0 or more
     * @param hbmWrittenBytes bytes its stores wrote, 0 or more
     * @param energy          what its instructions' activity cost (docs/energy.md), when it was computed
     */
    public record Measurement(long simulatedCycles, long macs, long hbmReadBytes, long hbmWrittenBytes,
                              Optional<EnergyBreakdown> energy) {

        /** A measurement without energy figures. */
        public Measurement(long simulatedCycles, long macs, long hbmReadBytes, long hbmWrittenBytes) {
            this(simulatedCycles, macs, hbmReadBytes, hbmWrittenBytes, Optional.empty());
        }

        public Measurement {
            if (simulatedCycles < 1 || macs < 0 || hbmReadBytes < 0 || hbmWrittenBytes < 0) {
                throw new IllegalArgumentException("a measurement needs cycles of 1 or more and MACs and bytes of 0 or"
                        + " more, got " + simulatedCycles + " cycles, " + macs + " MACs, " + hbmReadBytes + " B read, "
                        + hbmWrittenBytes + " B written");
            }
            if (energy == null) {
                throw new IllegalArgumentException("a measurement's energy is Optional.empty() when absent, not null");
            }
        }
    }

    public LayerRecord {
        if (layer == null || layer.isBlank()) {
            throw new IllegalArgumentException("a layer record needs a name, got '" + layer + "'");
        }
        if (placement == null || op == null || kind == null || nodes == null || shape == null || roofline == null
                || bound == null || mapping == null || hostReason == null || measured == null) {
            throw new IllegalArgumentException("layer " + layer + ": every field is required (Optional.empty() for"
                    + " what does not apply)");
        }
        if (placement == Placement.HOST && (mapping.isPresent() || measured.isPresent())) {
            throw new IllegalArgumentException("host layer " + layer + " has no NPU mapping or measurement");
        }
        if (placement == Placement.NPU && hostReason.isPresent()) {
            throw new IllegalArgumentException("NPU layer " + layer + " has no host reason");
        }
        if (macs < 0 || parameters < 0 || inputBytes < 0 || outputBytes < 0 || weightBytes < 0 || biasBytes < 0) {
            throw new IllegalArgumentException("layer " + layer + ": counts and bytes must be 0 or more");
        }
    }

    /** Weights, biases, input and output each crossing the off-chip bus once: no schedule moves less. */
    public long hbmMinBytes() {
        return weightBytes + biasBytes + inputBytes + outputBytes;
    }

    /** Measured MACs per simulated cycle. */
    public OptionalDouble attainedMacsPerCycle() {
        return measured.map(m -> OptionalDouble.of((double) m.macs() / m.simulatedCycles())).orElse(OptionalDouble.empty());
    }

    /** Measured MACs / (simulated cycles x peak MACs per cycle): the share of PE-cycles doing useful work, 0..1. */
    public OptionalDouble utilisation() {
        return measured.map(m -> OptionalDouble.of((double) m.macs()
                / ((double) m.simulatedCycles() * roofline.peakMacsPerCycle()))).orElse(OptionalDouble.empty());
    }

    /**
     * The layer's ideal cycles, max(MACs / PEs, minimum bytes / bandwidth) (its roofline bound), over the
     * cycles it took: 1 is a schedule as fast as the array and the bus allow, 0..1.
     */
    public OptionalDouble fractionOfBound() {
        if (bound.isEmpty() || measured.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(bound.get().lowerBoundCycles() / measured.get().simulatedCycles());
    }

    /** The geometric mean of {@link #fractionOfBound()} over the layers that have one; empty if none does. */
    public static OptionalDouble geomeanFractionOfBound(java.util.List<LayerRecord> layers) {
        double logSum = 0;
        int n = 0;
        for (LayerRecord r : layers) {
            OptionalDouble f = r.fractionOfBound();
            if (f.isPresent()) {
                logSum += Math.log(f.getAsDouble());
                n++;
            }
        }
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.exp(logSum / n));
    }
}
