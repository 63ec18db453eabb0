package npukit.compiler.partition;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import npukit.compiler.ir.Value;
import npukit.compiler.lower.FusedLayer;
import npukit.compiler.lower.MaxPoolRows;

/**
 * Fused layers the NPU runs as one program: each layer after the first reads the previous one's
 * output straight from HBM (a dense layer reading a dense layer's [B, N] output), so no host work
 * stands between them. A single convolution may carry the max pool that alone reads its output
 * ({@link MaxPoolRows}): its program then ends with the pool on the VALU and writes the pooled value.
 */
public record NpuStep(List<FusedLayer> layers, Optional<MaxPoolRows> pool) implements Step {

    /** A step without pooling. */
    public NpuStep(List<FusedLayer> layers) {
        this(layers, Optional.empty());
    }

    public NpuStep {
        if (layers == null || layers.isEmpty() || pool == null) {
            throw new IllegalArgumentException("an NPU step needs at least one layer");
        }
        layers = List.copyOf(layers);
        if (pool.isPresent() && (layers.size() != 1 || !layers.get(0).isConv() || layers.get(0).groups() != 1
                || layers.get(0).residual().isPresent())) {
            throw new IllegalArgumentException("NPU step " + layers.get(0).name()
                    + ": a VALU max pool follows a single ungrouped convolution without a residual");
        }
        for (int i = 1; i < layers.size(); i++) {
            FusedLayer prev = layers.get(i - 1);
            FusedLayer next = layers.get(i);
            if (!next.input().name().equals(prev.output().name()) || next.isConv() || prev.isConv()
                    || prev.residual().isPresent()) {
                throw new IllegalArgumentException("NPU step: layer " + next.name() + " does not read dense layer "
                        + prev.name() + "'s output directly");
            }
        }
    }

    @Override
    public String text() {
        return layers.stream().map(NpuStep::line).collect(Collectors.joining("\n"))
                + pool.map(p -> "\nnpu  maxpool " + p.node() + ": " + layers.get(0).output().ref() + " -> "
                        + p.output().ref() + " on the VALU {" + p.text() + "}").orElse("");
    }

    /** The value the step's result becomes: the pooled value, or the last layer's output. */
    public Value result() {
        return pool.map(MaxPoolRows::output).orElse(layers.get(layers.size() - 1).output());
    }

    /** The step without its pool (the pool then runs on the host). */
    public NpuStep withoutPool() {
        return new NpuStep(layers);
    }

    private static String line(FusedLayer l) {
        return "npu  " + (l.groups() > 1 ? "grouped conv " : l.isConv() ? "conv " : "dense ") + String.join("+", l.nodes()) + ": " + l.input().ref()
                + " -> " + l.output().ref() + " m=" + l.m() + " k=" + l.k() + " n=" + l.n()
                + (l.bias().isPresent() ? " bias" : "") + l.residual().map(r -> " + residual " + r.ref()).orElse("")
                + (l.relu() ? " relu" : "")
                + l.clip().map(c -> " " + c.text()).orElse("") + l.activation().map(a -> " " + a.text()).orElse("")
                + l.conv().map(c -> " {" + c.text() + "}").orElse("");
    }
}
