package npukit.compiler.ir;

/** An IR object that breaks a rule: a shape that does not fit its operator, a value defined twice. */
public final class IrException extends IllegalArgumentException {

    public IrException(String message) {
        super(message);
    }

    /** {@code <Op> <node>: <detail>}. */
    static IrException at(String op, String node, String detail) {
        return new IrException(op + " " + node + ": " + detail);
    }
}
