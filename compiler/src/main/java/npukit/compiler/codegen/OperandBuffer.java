package npukit.compiler.codegen;

import npukit.compiler.codegen.LoopOrder.Residency;

/**
 * Where one operand's tiles live in the scratchpad under a {@link Residency}, and which tile a step
 * finds there: the emitter loads a tile only when its scratchpad rows do not already hold it.
 *
 * @param residency how long a tile stays
 * @param base      first scratchpad row
 * @param tileRows  rows of one (full) tile in the operand's slot layout
 * @param kTiles    tiles along k
 * @param tiles     tiles along the operand's own free dimension (m for A, n for B)
 * @param slots     panels held at once (PANEL): two let the next panel load while this one is used; with
 *                  one, the next panel's k tile waits only for the last GEMM that read the same k tile
 */
record OperandBuffer(Residency residency, long base, long tileRows, long kTiles, long tiles, long slots) {

    /** Scratchpad rows the residency needs. */
    static long rows(Residency residency, long tileRows, long kTiles, long tiles, long slots) {
        return switch (residency) {
            case STEP -> 2 * tileRows;
            case PANEL -> slots * kTiles * tileRows;
            case ALL -> tiles * kTiles * tileRows;
        };
    }

    long rows() {
        return rows(residency, tileRows, kTiles, tiles, slots);
    }

    /** The first row of tile slot {@code slot}. */
    long row(int slot) {
        return base + tileRows * slot;
    }

    /**
     * Which of the buffer's tile-sized slots (0 .. tileSlots()-1) holds the tile (own tile index, k tile
     * index) as step t reads it.
     */
    int tileSlot(int t, long own, long kt) {
        return Math.toIntExact(switch (residency) {
            case STEP -> t % 2;
            case PANEL -> (own % slots) * kTiles + kt;
            case ALL -> own * kTiles + kt;
        });
    }

    /** The buffer's tile-sized slots: its rows over a tile's rows. */
    int tileSlots() {
        return Math.toIntExact(rows() / tileRows);
    }

    /**
     * Whether step t must load the tile into its slot, given what each slot holds (-1: nothing yet);
     * records the tile as held when it does. A STEP slot is loaded for every step that reads it.
     */
    boolean mustLoad(long own, long kt, long[] holds, int slot) {
        long content = own * kTiles + kt;
        if (residency != Residency.STEP && holds[slot] == content) {
            return false;
        }
        holds[slot] = content;
        return true;
    }
}
