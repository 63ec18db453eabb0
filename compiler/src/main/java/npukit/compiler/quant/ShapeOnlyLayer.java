package npukit.compiler.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Granularity;
import npukit.arch.config.QuantScheme;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.NpuLayer;

/**
 * A fused layer as the NPU would run it, built from its shape alone for timing-only runs: no data, no
 * calibration. The programs, and so every cycle, depend on m, k, n, the ReLU flag, whether a clip
 * is clamped and which columns share quant unit registers (which decides the QUANT parameter sets),
 * never on the values. Columns share registers where a quantized layer's would on inputs centred on zero (an input zero
 * point of 0, as SCALE-Sim topologies' synthetic inputs in [-1, 1) have): a layer without bias on a chip
 * with one weight scale per tensor gets one register set for all columns; otherwise each column its own
 * (bias = its index), as per-column biases or weight scales give. The weights are zero and not held
 * ({@link NpuLayer#shapeOnly}).
 */
public final class ShapeOnlyLayer {

    private ShapeOnlyLayer() {
    }

    public static NpuLayer of(FusedLayer layer, ChipConfig chip) {
        int m = layer.m();
        if (m < 1) {
            throw new IllegalArgumentException("layer " + layer.name() + ": m = " + m + " (bind the batch size first)");
        }
        int k = layer.k();
        int n = layer.n();
        var q = chip.quant();
        int zero = q.scheme() == QuantScheme.LOGARITHMIC ? 0 : Math.max(q.activationMin(), Math.min(0, q.activationMax()));
        boolean shared = layer.bias().isEmpty() && q.granularity() == Granularity.PER_TENSOR;
        List<QuantUnitRegs> lanes = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            lanes.add(new QuantUnitRegs(shared ? 0 : j, 0, 0, zero, layer.relu()));
        }
        // A clip's VALU clamp costs the same whatever its bounds, which calibration would choose.
        Optional<NpuLayer.Clamp> clamp = layer.clip().map(c -> new NpuLayer.Clamp(q.activationMin(), q.activationMax()));
        NpuLayer shape = NpuLayer.shapeOnly(layer.name(), m, k, n, lanes, NpuLayer.Output.QUANTIZED, clamp);
        // A residual's LOADs are part of the program's time, and so are an activation's table LOAD, TABLE and LUTs,
        // whatever its entries.
        shape = layer.residual().isPresent() ? shape.withResidual() : shape;
        return layer.activation().isPresent()
                ? shape.withTable(new NpuLayer.CodeTable(new int[1 << chip.array().operandBits()])) : shape;
    }
}
