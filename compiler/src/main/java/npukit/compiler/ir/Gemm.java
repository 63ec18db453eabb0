package npukit.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@code y = alpha * op(a) * op(b) + beta * c}, op transposing when asked; c broadcasts to (M, N). */
public record Gemm(String name, Value a, Value b, Optional<Value> c, Value y, float alpha, float beta,
                   boolean transA, boolean transB) implements Node {

    public Gemm {
        Check.name("Gemm", name);
        Check.present("Gemm", name, "a", a);
        Check.present("Gemm", name, "b", b);
        Check.optional("Gemm", name, "c", c);
        Check.elementType("Gemm", name, "a", a, ElementType.FLOAT);
        Check.elementType("Gemm", name, "b", b, ElementType.FLOAT);
        TensorType out = infer(name, a, b, transA, transB);
        c.ifPresent(cv -> {
            Check.elementType("Gemm", name, "c", cv, ElementType.FLOAT);
            if (!Shapes.broadcastsTo(cv.type().shape(), out.shape())) {
                throw IrException.at("Gemm", name, "c " + cv.text() + " does not broadcast to " + out.text());
            }
        });
        Check.output("Gemm", name, y, out);
    }

    /** (M, N) from a (M, K) or (K, M) and b (K, N) or (N, K). */
    public static TensorType infer(String name, Value a, Value b, boolean transA, boolean transB) {
        Check.rank("Gemm", name, "a", a, 2);
        Check.rank("Gemm", name, "b", b, 2);
        int m = a.type().dim(transA ? 1 : 0);
        int ka = a.type().dim(transA ? 0 : 1);
        int kb = b.type().dim(transB ? 1 : 0);
        int n = b.type().dim(transB ? 0 : 1);
        if (ka != kb && ka != TensorType.UNKNOWN && kb != TensorType.UNKNOWN) {
            throw IrException.at("Gemm", name, "inner dimensions differ: " + a.text() + (transA ? "^T" : "")
                    + " times " + b.text() + (transB ? "^T" : ""));
        }
        return TensorType.of(ElementType.FLOAT, m, n);
    }

    @Override
    public List<Value> inputs() {
        return Check.withOptionals(List.of(a, b), List.of(c));
    }

    @Override
    public List<Value> outputs() {
        return List.of(y);
    }

    @Override
    public String operandText() {
        return a.ref() + ", " + b.ref() + Check.optionalText("c", c);
    }

    @Override
    public String attributeText() {
        return "alpha=" + alpha + " beta=" + beta + " transA=" + transA + " transB=" + transB;
    }

    @Override
    public Node withValues(UnaryOperator<Value> replace) {
        return new Gemm(name, replace.apply(a), replace.apply(b), c.map(replace), replace.apply(y), alpha, beta, transA, transB);
    }

    @Override
    public <R> R accept(NodeVisitor<R> visitor) {
        return visitor.visit(this);
    }
}
