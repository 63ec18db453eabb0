package npukit.results;

import java.util.Optional;
import npukit.arch.config.Roofline;

/** Layer records for the tests, with the figures the compiler's analysis gives an 8-bit chip with 32-bit accumulators. */
final class Records {

    private Records() {
    }

    /** An array layer with bias: weights k n bytes, biases 4 n bytes, mapped with 600 predicted cycles. */
    static LayerRecord array(String name, String kind, int m, int k, int n, long inputBytes, long outputBytes,
            Roofline roofline, Optional<LayerRecord.Measurement> measured) {
        long weights = (long) k * n;
        long macs = (long) m * k * n;
        long bytes = inputBytes + outputBytes + weights + 4L * n;
        return new LayerRecord(name, LayerRecord.Placement.NPU, kind, kind, name, Optional.of(new LayerRecord.Shape(m, k, n)),
                weights + n, macs, 1, inputBytes, outputBytes, weights, 4L * n, roofline,
                Optional.of(roofline.place(macs, bytes)), Optional.of(new LayerRecord.Mapping("K_INNER 16x16x16", 600)),
                Optional.empty(), measured);
    }

    /** A node the host runs. */
    static LayerRecord host(String name, String op, long inputBytes, long outputBytes, Roofline roofline) {
        return new LayerRecord(name, LayerRecord.Placement.HOST, op, "host", name, Optional.empty(), 0, 0, 1, inputBytes,
                outputBytes, 0, 0, roofline, Optional.empty(), Optional.empty(), Optional.of("pooling runs on the host"),
                Optional.empty());
    }

    static LayerRecord unmeasured(LayerRecord r) {
        return new LayerRecord(r.layer(), r.placement(), r.op(), r.kind(), r.nodes(), r.shape(), r.parameters(), r.macs(),
                r.elementBytes(), r.inputBytes(), r.outputBytes(), r.weightBytes(), r.biasBytes(), r.roofline(), r.bound(),
                r.mapping(), r.hostReason(), Optional.empty());
    }
}
