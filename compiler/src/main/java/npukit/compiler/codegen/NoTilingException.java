package npukit.compiler.codegen;

/**
 * No tiling of a layer fits the chip's buffers (its quant parameter sets, or one tile of the array's
 * size, need more rows than the chip has). The model compiler keeps such a layer on the host and says why.
 */
public final class NoTilingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NoTilingException(String message) {
        super(message);
    }
}
