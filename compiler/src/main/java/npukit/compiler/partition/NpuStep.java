package npukit.compiler.partition;

import java.util.List;
import java.util.stream.Collectors;
import npukit.compiler.lower.FusedLayer;

/**
 * Fused layers the NPU runs as one program: each layer after the first reads the previous one's
 * output straight from HBM (a dense layer reading a dense layer's [B, N] output), so no host work
 * stands between them.
 */
public record NpuStep(List<FusedLayer> layers) implements Step {

    public NpuStep {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("an NPU step needs at least one layer");
        }
        layers = List.copyOf(layers);
        for (int i = 1; i < layers.size(); i++) {
            FusedLayer prev = layers.get(i - 1);
            FusedLayer next = layers.get(i);
            if (!next.input().name().equals(prev.output().name()) || next.isConv() || prev.isConv()) {
                throw new IllegalArgumentException("NPU step: layer " + next.name() + " does not read dense layer "
                        + prev.name() + "'s output directly");
            }
        }
    }

    @Override
    public String text() {
        return layers.stream().map(NpuStep::line).collect(Collectors.joining("\n"));
    }

    private static String line(FusedLayer l) {
        return "npu  " + (l.groups() > 1 ? "grouped conv " : l.isConv() ? "conv " : "dense ") + String.join("+", l.nodes()) + ": " + l.input().ref()
                + " -> " + l.output().ref() + " m=" + l.m() + " k=" + l.k() + " n=" + l.n()
                + (l.bias().isPresent() ? " bias" : "") + (l.relu() ? " relu" : "")
                + l.conv().map(c -> " {" + c.text() + "}").orElse("");
    }
}
