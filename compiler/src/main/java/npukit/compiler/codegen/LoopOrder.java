package npukit.compiler.codegen;

import npukit.isa.gen.GemmMapping.Matrix;

/**
 * The order in which a layer's tiles are visited and how long each operand tile stays in the
 * scratchpad; see docs/compiler.md, "Code generation". Each order is a visiting order plus one
 * {@link Residency} per operand, which {@link OperandBuffer} turns into addresses and into which steps
 * load: an operand tile is loaded only when the scratchpad does not already hold it where the step
 * reads it, so HBM traffic falls from (n/tn)|A| + (m/tm)|B| (K_INNER) to |A| + |B| when one operand's
 * panel stays and all of the other is resident.
 */
public enum LoopOrder {
    /**
     * For each output tile, every k tile in turn, accumulating: both operand tiles are loaded for every
     * GEMM (and the stationary one preloaded), and only one output tile's accumulators are live.
     */
    K_INNER(Residency.STEP, Residency.STEP, false),
    /**
     * For each tile of the stationary operand's free dimension (n on WS, m on IS) and each k tile,
     * the stationary tile is loaded once and kept in the array (preload = 0) while every tile of the
     * streamed dimension passes through; the accumulators hold the whole streamed extent of the
     * column (WS) or row (IS) tile. Only for dataflows with a stationary operand.
     */
    STATIONARY_REUSE(Residency.STEP, Residency.STEP, false),
    /** K_INNER's order (m tiles outside), but each m tile's A panel (tm x K) is loaded once for every n tile. */
    A_PANEL(Residency.PANEL, Residency.STEP, false),
    /** As {@link #A_PANEL}, and all of B stays in the scratchpad after the first m tile loaded it. */
    A_PANEL_ALL_B(Residency.PANEL, Residency.ALL, false),
    /** n tiles outside, m tiles inside: each n tile's B panel (K x tn) is loaded once for every m tile. */
    B_PANEL(Residency.STEP, Residency.PANEL, true),
    /** As {@link #B_PANEL}, and all of A stays in the scratchpad after the first n tile loaded it. */
    B_PANEL_ALL_A(Residency.ALL, Residency.PANEL, true);

    /** How long an operand tile stays in the scratchpad. */
    enum Residency {
        /** Two slots of one tile, used by alternate steps: loaded for every GEMM that reads it. */
        STEP,
        /**
         * Two slots of one panel (every k tile of one outer tile), used by alternate outer tiles: each
         * tile is loaded the first time the panel's outer tile reads it, so the next panel loads while
         * the current one is used.
         */
        PANEL,
        /** Every tile of the operand, each loaded the first time a step reads it, kept for the layer. */
        ALL
    }

    private final Residency a;
    private final Residency b;
    private final boolean nOuter;

    LoopOrder(Residency a, Residency b, boolean nOuter) {
        this.a = a;
        this.b = b;
        this.nOuter = nOuter;
    }

    Residency residency(Matrix x) {
        return x == Matrix.A ? a : b;
    }

    /** Whether n tiles are the outer loop (m tiles inside); otherwise m tiles are outside n tiles. */
    boolean nOuter() {
        return nOuter;
    }

    /** Whether this order keeps an operand tile across steps (so loads depend on what is resident). */
    boolean reusesOperands() {
        return a != Residency.STEP || b != Residency.STEP;
    }
}
