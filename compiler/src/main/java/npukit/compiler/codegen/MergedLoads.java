package npukit.compiler.codegen;

import npukit.arch.config.HbmConfig;
import npukit.isa.gen.Transfer;

/**
 * One operand's tile loads of a layer, merged where one LOAD can do the work of several: a step's
 * load takes in the loads of the steps after it while each of those continues it, both in the
 * scratchpad (the next rows) and in HBM (the same run length and stride, the next runs), and none of
 * those steps waits for a GEMM before loading (a step that does must load after that GEMM, so it starts
 * a load of its own). A DMA engine runs one LOAD at a time and waits for its last response before the
 * next, so a LOAD of R rows costs about R cycles plus one HBM latency where R / r LOADs of r rows cost
 * R / r latencies. A merged LOAD stops growing at {@link #rowsFor} rows, about four HBM latencies
 * at a request a cycle, where most of its time already moves data: a longer one would only hold back
 * the GEMM that waits for it (on the MNIST CNN on gemmini, unbounded merging cost 9% of the cycles
 * that merging up to four latencies saved).
 *
 * <p>Moving a later step's load up to an earlier step is safe: the rows it overwrites were last read by
 * a GEMM no later than the one the earlier step already waited for (that is what not waiting means,
 * see {@code LayerEmitter.loads}), and the GEMM that reads the rows pops the earlier step's L->C token,
 * pushed when the merged LOAD, and so every row of it, has arrived.
 */
final class MergedLoads {

    private final Transfer[] transfers;

    /** The most rows one merged LOAD takes on a chip with this HBM: four row-miss latencies. */
    static long rowsFor(HbmConfig hbm) {
        return 4L * hbm.rowMissCycles();
    }

    /**
     * {@code loads[t]}: step t's load (null if it loads nothing of this operand) into scratchpad row
     * {@code rows[t]}; {@code waits[t]}: whether step t's loads wait for a GEMM. A step's own load is
     * never cut; others join it while the sum stays within {@code maxRows}.
     */
    MergedLoads(Transfer[] loads, long[] rows, boolean[] waits, long maxRows) {
        int n = loads.length;
        this.transfers = new Transfer[n];
        int t = 0;
        while (t < n) {
            if (loads[t] == null) {
                t++;
                continue;
            }
            Transfer merged = loads[t];
            int next = t + 1;
            while (next < n && !waits[next]) {
                Transfer later = loads[next];
                if (later != null) {
                    if (!continues(merged, rows[t], later, rows[next]) || merged.rows() + later.rows() > maxRows) {
                        break;
                    }
                    merged = new Transfer(merged.hbm(), merged.rows() + later.rows(), merged.bytes(), merged.stride());
                }
                next++;
            }
            transfers[t] = merged;
            t = next;
        }
    }

    /** The LOAD step t emits, or null: it loads nothing, or an earlier step's LOAD brought its tile. */
    Transfer at(int t) {
        return transfers[t];
    }

    private static boolean continues(Transfer first, long firstRow, Transfer next, long nextRow) {
        return nextRow == firstRow + first.rows() && next.bytes() == first.bytes() && next.stride() == first.stride()
                && next.hbm() == first.hbm() + first.rows() * first.stride();
    }
}
