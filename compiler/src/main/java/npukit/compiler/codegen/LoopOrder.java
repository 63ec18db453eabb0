package npukit.compiler.codegen;

/** The order in which a layer's tiles are visited; see docs/compiler.md, "Code generation". */
public enum LoopOrder {
    /**
     * For each output tile, every k tile in turn, accumulating: the stationary operand is reloaded
     * (preload) on every GEMM, and only one output tile's accumulators are live.
     */
    K_INNER,
    /**
     * For each tile of the stationary operand's free dimension (n on WS, m on IS) and each k tile,
     * the stationary tile is loaded once and kept in the array (preload = 0) while every tile of the
     * streamed dimension passes through; the accumulators hold the whole streamed extent of the
     * column (WS) or row (IS) tile. Only for dataflows with a stationary operand.
     */
    STATIONARY_REUSE
}
