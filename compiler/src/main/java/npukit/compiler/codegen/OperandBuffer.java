package npukit.compiler.codegen;

import java.util.Map;
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

    /** The first row of the tile (own tile index, k tile index) as step t reads it. */
    long address(int t, long own, long kt) {
        return base + tileRows * switch (residency) {
            case STEP -> t % 2;
            case PANEL -> (own % slots) * kTiles + kt;
            case ALL -> own * kTiles + kt;
        };
    }

    /**
     * Whether step t must load the tile, given what its rows hold (null: nothing yet); records the tile
     * as held when it does. A STEP slot is loaded for every step that reads it.
     */
    boolean mustLoad(long own, long kt, Map<Long, Long> holds, long row) {
        long content = own * kTiles + kt;
        if (residency != Residency.STEP && Long.valueOf(content).equals(holds.get(row))) {
            return false;
        }
        holds.put(row, content);
        return true;
    }
}
