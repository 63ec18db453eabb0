package npukit.compiler.interp;

/** A graph that cannot run on the given inputs: a missing input, a shape only known at run time that does not fit. */
public final class InterpreterException extends RuntimeException {

    public InterpreterException(String message) {
        super(message);
    }
}
