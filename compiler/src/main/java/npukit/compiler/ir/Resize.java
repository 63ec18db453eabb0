package npukit.compiler.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Resamples {@code x} (ONNX Resize; Upsample imports as one): the output size per axis comes from the
 * FLOAT vector {@code scales} (floor of input size times scale) or the INT64 vector {@code sizes};
 * each output coordinate maps back to the input through the {@link Method}'s coordinate
 * transformation and is sampled by nearest, linear or cubic interpolation. {@code roi} (FLOAT, begins
 * then ends, normalized) matters only for {@code tf_crop_and_resize}.
 */
public record Resize(String name, Value x, Optional<Value> roi, Optional<Value> scales, Optional<Value> sizes, Value y,
                     Method method) implements Node {

    /** How output coordinates map to input ones. */
    public enum CoordinateTransform {
        HALF_PIXEL, HALF_PIXEL_SYMMETRIC, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_CROP_AND_RESIZE,
        /** Opset 11 only: (x + 0.5) / scale. */
        TF_HALF_PIXEL_FOR_NN
    }

    /** Which neighbour nearest interpolation takes at a fractional coordinate. */
    public enum NearestMode { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL }

    /** How {@code sizes} bound the output when the aspect ratio is kept. */
    public enum AspectPolicy { STRETCH, NOT_LARGER, NOT_SMALLER }

    /** The sampling mode. */
    public enum Mode { NEAREST, LINEAR, CUBIC }

    /**
     * The attributes of a resize.
     *
     * @param axes the axes scales, sizes and roi refer to, normalized; null means every axis
     */
    public record Method(Mode mode, CoordinateTransform transform, NearestMode nearestMode, float cubicCoeffA,
                         boolean excludeOutside, float extrapolationValue, AspectPolicy aspectPolicy, List<Integer> axes) {

        public Method {
            if (mode == null || transform == null || nearestMode == null || aspectPolicy == null) {
                throw new IrException("a resize method needs a mode, a coordinate transformation, a nearest mode and a policy");
            }
            axes = axes == null ? null : List.copyOf(axes);
        }

        String text() {
            StringBuilder sb = new StringBuilder("mode=" + mode.name().toLowerCase()
                    + " coordinate_transformation_mode=" + transform.name().toLowerCase());
            switch (mode) {
                case NEAREST -> sb.append(" nearest_mode=").append(nearestMode.name().toLowerCase());
                case CUBIC -> sb.append(" cubic_coeff_a=").append(cubicCoeffA).append(" exclude_outside=").append(excludeOutside);
                case LINEAR -> sb.append(excludeOutside ? " exclude_outside=true" : "");
            }
            if (transform == CoordinateTransform.TF_CROP_AND_RESIZE) {
                sb.append(" extrapolation_value=").append(extrapolationValue);
            }
            if (aspectPolicy != AspectPolicy.STRETCH) {
                sb.append(" keep_aspect_ratio_policy=").append(aspectPolicy.name().toLowerCase());
            }
            if (axes != null) {
                sb.append(" axes=").append(axes.toString().replace(" ", ""));
            }
            return sb.toString();
        }
    }

    /**
     * A resize worked out for one input shape: the output size, the scale and the roi along each axis.
     */
    public record Plan(int[] outDims, double[] scales, double[] roiStart, double[] roiEnd) {
    }

    public Resize {
        Check.name("Resize", name);
        Check.present("Resize", name, "x", x);
        Check.optional("Resize", name, "roi", roi);
        Check.optional("Resize", name, "scales", scales);
        Check.optional("Resize", name, "sizes", sizes);
        if (method == null) {
            throw IrException.at("Resize", name, "method is missing");
        }
        if (scales.isPresent() == sizes.isPresent()) {
            throw IrException.at("Resize", name, "exactly one of scales and sizes must be given");
        }
        scales.ifPresent(s -> {
            Check.elementType("Resize", name, "scales", s, ElementType.FLOAT);
            Check.rank("Resize", name, "scales", s, 1);
        });
        sizes.ifPresent(s -> Check.indexVector("Resize", name, "sizes", s));
        roi.ifPresent(r -> Check.rank("Resize", name, "roi", r, 1));
        Check.output("Resize", name, y, Check.unknownShape(x.type().elementType(), x.type().rank()).withLayout(
                x.type().rank() == 4 ? x.type().layout() : Layout.ANY));
    }

    /**
     * The plan for input dimensions {@code dims} and the operands' values (null when absent); an unknown
     * input dimension gives an unknown output one unless sizes fix it.
     */
    public static Plan plan(String name, int[] dims, double[] roi, double[] scales, long[] sizes, Method method) {
        int rank = dims.length;
        int[] axes = method.axes() == null ? java.util.stream.IntStream.range(0, rank).toArray()
                : method.axes().stream().mapToInt(Integer::intValue).toArray();
        double[] scale = new double[rank];
        int[] out = dims.clone();
        Arrays.fill(scale, 1);
        if (scales != null && scales.length > 0) {
            if (scales.length != axes.length) {
                throw IrException.at("Resize", name, "scales has " + scales.length + " entries for " + axes.length + " axes");
            }
            for (int i = 0; i < axes.length; i++) {
                if (!(scales[i] > 0)) {
                    throw IrException.at("Resize", name, "scale " + scales[i] + " must be positive");
                }
                scale[axes[i]] = scales[i];
                out[axes[i]] = dims[axes[i]] < 0 ? TensorType.UNKNOWN : checkedSize(name, Math.floor(dims[axes[i]] * scales[i]));
            }
        } else if (sizes != null) {
            if (sizes.length != axes.length) {
                throw IrException.at("Resize", name, "sizes has " + sizes.length + " entries for " + axes.length + " axes");
            }
            double kept = method.aspectPolicy() == AspectPolicy.NOT_LARGER ? Double.POSITIVE_INFINITY : 0;
            for (int i = 0; i < axes.length; i++) {
                double s = (double) sizes[i] / dims[axes[i]];
                kept = method.aspectPolicy() == AspectPolicy.NOT_LARGER ? Math.min(kept, s) : Math.max(kept, s);
            }
            for (int i = 0; i < axes.length; i++) {
                int a = axes[i];
                if (method.aspectPolicy() == AspectPolicy.STRETCH) {
                    out[a] = checkedSize(name, sizes[i]);
                    scale[a] = (double) sizes[i] / dims[a];
                } else {
                    out[a] = dims[a] < 0 ? TensorType.UNKNOWN : checkedSize(name, Math.rint(kept * dims[a]));
                    scale[a] = kept;
                }
            }
        } else {
            throw IrException.at("Resize", name, "neither scales nor sizes is given");
        }
        double[] start = new double[rank];
        double[] end = new double[rank];
        Arrays.fill(end, 1);
        if (method.transform() == CoordinateTransform.TF_CROP_AND_RESIZE) {
            if (roi == null || roi.length != 2 * axes.length) {
                throw IrException.at("Resize", name, "tf_crop_and_resize needs a roi of " + 2 * axes.length + " entries");
            }
            for (int i = 0; i < axes.length; i++) {
                start[axes[i]] = roi[i];
                end[axes[i]] = roi[i + axes.length];
            }
        }
        return new Plan(out, scale, start, end);
    }

    private static int checkedSize(String name, double n) {
        if (!(n >= 0) || n > Integer.MAX_VALUE) {
            throw IrException.at("Resize", name, "output size " + n + " is not a dimension");
        }
        return (int) n;
    }

    /** The output type when the scales or sizes are known. */
    public static TensorType infer(String name, Value x, double[] roi, double[] scales, long[] sizes, Method method) {
        int[] dims = x.type().shape().stream().mapToInt(Integer::intValue).toArray();
        Plan p = plan(name, dims, roi, scales, sizes, method);
        List<Integer> out = new ArrayList<>();
        for (int d : p.outDims()) {
            out.add(d);
        }
        return x.type().withShape(out);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(x), List.of(roi, scales, sizes));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return x.ref() + Check.optionalText("roi", roi) + Check.optionalText("scales", scales) + Check.optionalText("sizes", sizes);
    }

    @Override
    public String attributeText() {
        return method.text();
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Resize(name, replace.apply(x), roi.map(replace), scales.map(replace), sizes.map(replace),
                replace.apply(y), method);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
