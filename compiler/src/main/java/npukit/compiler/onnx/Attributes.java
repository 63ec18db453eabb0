package npukit.compiler.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes of one node, with ONNX defaults supplied by the caller. Every attribute a converter
 * reads is marked; one left unread at the end is unsupported, so no attribute is silently ignored.
 */
final class Attributes {

    private final Map<String, OnnxMl.AttributeProto> byName = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();
    private final ConversionContext node;

    Attributes(OnnxMl.NodeProto proto, ConversionContext node) {
        this.node = node;
        for (OnnxMl.AttributeProto a : proto.getAttributeList()) {
            if (byName.put(a.getName(), a) != null) {
                throw node.invalid("attribute " + a.getName() + " appears twice");
            }
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long integer(String name, long defaultValue) {
        return get(name, OnnxMl.AttributeProto.AttributeType.INT).map(OnnxMl.AttributeProto::getI).orElse(defaultValue);
    }

    float real(String name, float defaultValue) {
        return get(name, OnnxMl.AttributeProto.AttributeType.FLOAT).map(OnnxMl.AttributeProto::getF).orElse(defaultValue);
    }

    String string(String name, String defaultValue) {
        return get(name, OnnxMl.AttributeProto.AttributeType.STRING).map(a -> a.getS().toStringUtf8()).orElse(defaultValue);
    }

    Optional<long[]> ints(String name) {
        return get(name, OnnxMl.AttributeProto.AttributeType.INTS)
                .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray());
    }

    Optional<float[]> floats(String name) {
        return get(name, OnnxMl.AttributeProto.AttributeType.FLOATS).map(a -> {
            float[] f = new float[a.getFloatsCount()];
            for (int i = 0; i < f.length; i++) {
                f[i] = a.getFloats(i);
            }
            return f;
        });
    }

    Optional<OnnxMl.TensorProto> tensor(String name) {
        return get(name, OnnxMl.AttributeProto.AttributeType.TENSOR).map(OnnxMl.AttributeProto::getT);
    }

    /** Marks an attribute that has no effect on inference (e.g. BatchNormalization's momentum). */
    void ignore(String name) {
        read.add(name);
    }

    /** Throws for the first attribute no one read. */
    void requireAllRead() {
        for (String name : byName.keySet()) {
            if (!read.contains(name)) {
                throw node.unsupportedAttribute(name, "unsupported attribute " + name);
            }
        }
    }

    private Optional<OnnxMl.AttributeProto> get(String name, OnnxMl.AttributeProto.AttributeType type) {
        read.add(name);
        OnnxMl.AttributeProto a = byName.get(name);
        if (a == null) {
            return Optional.empty();
        }
        if (a.getType() != type && a.getType() != OnnxMl.AttributeProto.AttributeType.UNDEFINED) {
            throw node.invalid("attribute " + name + " is " + a.getType() + ", expected " + type);
        }
        return Optional.of(a);
    }
}
