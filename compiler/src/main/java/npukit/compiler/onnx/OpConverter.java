package npukit.compiler.onnx;

import java.util.List;
import npukit.compiler.ir.Node;

/** Turns one ONNX node into IR nodes (usually one), applying the operator's ONNX attribute defaults. */
@FunctionalInterface
interface OpConverter {
    List<Node> convert(ConversionContext node);
}
