package npukit.compiler.codegen;

import npukit.arch.io.UserException;

/**
 * No tiling of a layer fits the chip's buffers: a fact about the chip the user chose (too few scratchpad
 * or accumulator rows for one array-sized tile, or for the layer's QUANT parameter sets), not a bug, so
 * it is a user error naming the layer, its shape and the chip.
 */
public final class NoTilingException extends UserException {

    public NoTilingException(String message) {
        super(message);
    }
}
