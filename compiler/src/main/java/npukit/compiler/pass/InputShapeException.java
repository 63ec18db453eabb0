package npukit.compiler.pass;

import npukit.arch.io.UserException;

/**
 * Input shapes that cannot bind a graph: a malformed {@code name=1x3x48x192} spec, an input the graph
 * does not have, a shape its declared type does not accept, free dimensions left without a shape, or
 * a shape past the size limit. A user error; the message names the input, the shape and the declared type.
 */
public final class InputShapeException extends UserException {

    public InputShapeException(String message) {
        super(message);
    }
}
