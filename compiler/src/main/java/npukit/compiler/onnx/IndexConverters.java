package npukit.compiler.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.compiler.ir.CumSum;
import npukit.compiler.ir.DepthToSpace;
import npukit.compiler.ir.ElementType;
import npukit.compiler.ir.Gather;
import npukit.compiler.ir.GatherElements;
import npukit.compiler.ir.Node;
import npukit.compiler.ir.Pad;
import npukit.compiler.ir.Slice;
import npukit.compiler.ir.SpaceToDepth;
import npukit.compiler.ir.Split;
import npukit.compiler.ir.Tensor;
import npukit.compiler.ir.TensorType;
import npukit.compiler.ir.Trilu;
import npukit.compiler.ir.Value;

/**
 * Operators that pick, cut or pad elements by position: Gather, GatherElements, Slice, Split, Pad,
 * DepthToSpace, SpaceToDepth, Trilu and CumSum, with the attributes-turned-operands of each opset.
 */
final class IndexConverters {

    private IndexConverters() {
    }

    static void register(Map<String, OpConverter> registry) {
        registry.put("Gather", IndexConverters::gather);
        registry.put("GatherElements", IndexConverters::gatherElements);
        registry.put("Slice", IndexConverters::slice);
        registry.put("Split", IndexConverters::split);
        registry.put("Pad", IndexConverters::pad);
        registry.put("DepthToSpace", IndexConverters::depthToSpace);
        registry.put("SpaceToDepth", IndexConverters::spaceToDepth);
        registry.put("Trilu", IndexConverters::trilu);
        registry.put("CumSum", IndexConverters::cumSum);
    }

    private static List<Node> gather(ConversionContext node) {
        Value x = node.input(0);
        Value indices = node.input(1);
        int axis = ShapeConverters.axis(node, "axis", node.attributes().integer("axis", 0), x.type().rank(), 0);
        return List.of(new Gather(node.name(), x, indices, node.output(0, Gather.infer(x, indices, axis)), axis));
    }

    private static List<Node> gatherElements(ConversionContext node) {
        Value x = node.input(0);
        Value indices = node.input(1);
        int axis = ShapeConverters.axis(node, "axis", node.attributes().integer("axis", 0), x.type().rank(), 0);
        return List.of(new GatherElements(node.name(), x, indices,
                node.output(0, indices.type().withElementType(x.type().elementType())), axis));
    }

    /** starts, ends, axes: attributes before opset 10; from it operands 1..4 (steps added). */
    private static List<Node> slice(ConversionContext node) {
        Value x = node.input(0);
        Value starts = node.operandOrAttribute(1, "starts", 10).orElseThrow(() -> node.invalid("starts are required"));
        Value ends = node.operandOrAttribute(2, "ends", 10).orElseThrow(() -> node.invalid("ends are required"));
        Optional<Value> axes = node.operandOrAttribute(3, "axes", 10);
        Optional<Value> steps = node.opset() >= 10 ? node.optionalInput(4) : Optional.empty();
        Optional<long[]> s = node.constantLongs(starts);
        Optional<long[]> e = node.constantLongs(ends);
        boolean known = s.isPresent() && e.isPresent() && (axes.isEmpty() || node.constantLongs(axes).isPresent())
                && (steps.isEmpty() || node.constantLongs(steps).isPresent());
        TensorType t = known ? Slice.infer(node.name(), x, s.get(), e.get(), node.constantLongs(axes).orElse(null),
                node.constantLongs(steps).orElse(null)) : ShapeConverters.unknown(x.type().elementType(), x.type().rank());
        return List.of(new Slice(node.name(), x, starts, ends, axes, steps, node.output(0, t)));
    }

    /** split: an attribute before opset 13, an operand from it; num_outputs (opset 18) must match the outputs. */
    private static List<Node> split(ConversionContext node) {
        Value x = node.input(0);
        int axis = ShapeConverters.axis(node, "axis", node.attributes().integer("axis", 0), x.type().rank(), 0);
        Optional<Value> split = node.opset() < 2 && node.inputCount() > 1 ? node.optionalInput(1)
                : node.operandOrAttribute(1, "split", 13);
        int parts = node.outputCount();
        long numOutputs = node.attributes().integer("num_outputs", parts);
        if (numOutputs != parts) {
            throw node.invalid("num_outputs = " + numOutputs + " but the node has " + parts + " outputs");
        }
        Optional<long[]> lengths = split.isEmpty() ? Optional.of(Split.lengths(node.name(), x.type().dim(axis), null, parts))
                : node.constantLongs(split).map(l -> Split.lengths(node.name(), x.type().dim(axis), l, parts));
        if (lengths.isPresent() && lengths.get().length != parts) {
            throw node.invalid("split lists " + lengths.get().length + " parts for " + parts + " outputs");
        }
        List<TensorType> types = lengths.map(l -> Split.infer(x, axis, l)).orElse(null);
        List<Value> ys = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            TensorType t = types != null ? types.get(i) : ShapeConverters.unknown(x.type().elementType(), x.type().rank());
            ys.add(node.output(i, t));
        }
        return List.of(new Split(node.name(), x, split, ys, axis));
    }

    /**
     * Before opset 11 pads and the fill value are attributes ("paddings" before opset 2); from it
     * operands, with axes from opset 18. Modes constant, reflect, edge and wrap (opset 19).
     */
    private static List<Node> pad(ConversionContext node) {
        Value x = node.input(0);
        Attributes a = node.attributes();
        String modeName = a.string("mode", "constant");
        Pad.Mode mode = switch (modeName) {
            case "constant" -> Pad.Mode.CONSTANT;
            case "reflect" -> Pad.Mode.REFLECT;
            case "edge" -> Pad.Mode.EDGE;
            case "wrap" -> Pad.Mode.WRAP;
            default -> throw node.unsupportedAttribute("mode", "unsupported value mode=" + modeName);
        };
        Value pads;
        Optional<Value> constant;
        Optional<Value> axes = Optional.empty();
        if (node.opset() < 11) {
            String attribute = node.opset() < 2 ? "paddings" : "pads";
            pads = node.operandOrAttribute(1, attribute, Integer.MAX_VALUE)
                    .orElseThrow(() -> node.invalid("attribute " + attribute + " is required"));
            float value = a.real("value", 0f);
            constant = value == 0f ? Optional.empty() : Optional.of(node.newInitializer("value",
                    Tensor.scalar(x.type().elementType(), value)));
        } else {
            pads = node.input(1);
            constant = node.optionalInput(2);
            axes = node.opset() >= 18 ? node.optionalInput(3) : Optional.empty();
        }
        Optional<long[]> p = node.constantLongs(pads);
        boolean known = p.isPresent() && (axes.isEmpty() || node.constantLongs(axes).isPresent());
        TensorType t = known ? Pad.infer(node.name(), x, Pad.amounts(node.name(), x.type().rank(), p.get(),
                node.constantLongs(axes).orElse(null))) : ShapeConverters.unknown(x.type().elementType(), x.type().rank());
        return List.of(new Pad(node.name(), x, pads, constant, axes, node.output(0, t), mode));
    }

    private static int blockSize(ConversionContext node) {
        long b = node.attributes().integer("blocksize", -1);
        if (b < 1 || b > 65536) {
            throw node.invalid("attribute blocksize = " + b + " must be a positive size");
        }
        return (int) b;
    }

    private static List<Node> depthToSpace(ConversionContext node) {
        Value x = node.input(0);
        int b = blockSize(node);
        String mode = node.attributes().string("mode", "DCR");
        if (!mode.equals("DCR") && !mode.equals("CRD")) {
            throw node.unsupportedAttribute("mode", "unsupported value mode=" + mode);
        }
        return List.of(new DepthToSpace(node.name(), x, node.output(0, DepthToSpace.infer(node.name(), x, b)), b, mode.equals("CRD")));
    }

    private static List<Node> spaceToDepth(ConversionContext node) {
        Value x = node.input(0);
        int b = blockSize(node);
        return List.of(new SpaceToDepth(node.name(), x, node.output(0, SpaceToDepth.infer(node.name(), x, b)), b));
    }

    private static List<Node> trilu(ConversionContext node) {
        Value x = node.input(0);
        boolean upper = PoolConverters.flag(node, "upper", 1);
        return List.of(new Trilu(node.name(), x, node.optionalInput(1), node.output(0, x.type()), upper));
    }

    private static List<Node> cumSum(ConversionContext node) {
        Value x = node.input(0);
        Value axis = node.input(1);
        if (x.type().elementType() == ElementType.BOOL) {
            throw node.unsupported(UnsupportedModelException.Kind.ELEMENT_TYPE, null, "CumSum of BOOL");
        }
        return List.of(new CumSum(node.name(), x, axis, node.output(0, x.type()), PoolConverters.flag(node, "exclusive"),
                PoolConverters.flag(node, "reverse")));
    }
}
