package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.GemmMapping.Matrix;

/**
 * The QUANT parameter sets of one layer. A QUANT applies lane e's registers to element e of every
 * accumulator row. When the result rows are rows of C (WS, OS) element e is output column j0 + e of
 * the column tile, so a set per column tile holds each column's registers in its lane. When they are
 * rows of C^T (IS, and OS computing C^T) a row is one output column, so every lane must hold that
 * column's registers: one set per column, and one QUANT per run of rows that share a set. When every
 * column has the same registers (no bias, one scale per tensor) one set serves them all. Sets are
 * otherwise never merged by value, even where two columns' registers happen to agree: the program, and
 * so every cycle, then depends on the layer's shape and structure alone, as a timing-only compile from
 * shapes ({@code ShapeOnlyLayer}) assumes.
 *
 * @param sets         the sets, C lanes each
 * @param setOfColumn  for each output column, the index of the set its QUANT uses
 */
record QuantSets(List<List<QuantUnitRegs>> sets, int[] setOfColumn) {

    QuantSets {
        sets = List.copyOf(sets);
        setOfColumn = setOfColumn.clone();
    }

    static QuantSets of(NpuLayer layer, GemmMapping map, long tn, int cols) {
        List<QuantUnitRegs> lanes = layer.lanes();
        int[] setOf = new int[layer.n()];
        boolean uniform = uniform(lanes);
        List<List<QuantUnitRegs>> sets = new ArrayList<>(uniform ? 1 : count(layer, map, tn));
        if (uniform) {
            // A layer without bias on a per-tensor chip: one set serves every column.
            sets.add(Collections.nCopies(cols, lanes.get(0)));
        } else if (map.transposed(Matrix.C)) {
            for (int j = 0; j < layer.n(); j++) {
                sets.add(Collections.nCopies(cols, lanes.get(j)));
                setOf[j] = j;
            }
        } else {
            // Every column of a column tile uses the tile's set, built once per tile.
            for (int j0 = 0; j0 < layer.n(); j0 += (int) tn) {
                int end = (int) Math.min(j0 + tn, layer.n());
                List<QuantUnitRegs> set = new ArrayList<>(cols);
                for (int e = 0; e < cols; e++) {
                    // Lanes past the tile's columns quantize accumulators nobody stores; any valid
                    // registers do, so they repeat the tile's first column.
                    set.add(lanes.get(j0 + e < end ? j0 + e : j0));
                }
                Arrays.fill(setOf, j0, end, sets.size());
                sets.add(List.copyOf(set));
            }
        }
        return new QuantSets(sets, setOf);
    }

    /** How many sets {@link #of} makes for these column tiles, without making them: the fit test of every candidate. */
    static int count(NpuLayer layer, GemmMapping map, long tn) {
        if (uniform(layer.lanes())) {
            return 1;
        }
        return map.transposed(Matrix.C) ? layer.n() : Math.toIntExact((layer.n() + tn - 1) / tn);
    }

    /** Whether every lane equals the first (as distinct().count() == 1, without hashing each lane per candidate). */
    private static boolean uniform(List<QuantUnitRegs> lanes) {
        if (lanes.isEmpty()) {
            return false;
        }
        QuantUnitRegs first = lanes.get(0);
        for (QuantUnitRegs lane : lanes) {
            if (!first.equals(lane)) {
                return false;
            }
        }
        return true;
    }

    /** The runs of result rows of the chunk of columns j0..j0+n-1 that share a set: {row offset, rows, set}. */
    List<long[]> runs(GemmMapping map, long m, long j0, long n) {
        List<long[]> out = new ArrayList<>();
        if (!map.transposed(Matrix.C)) {
            out.add(new long[] {0, m, setOfColumn[(int) j0]});
            return out;
        }
        long start = 0;
        for (long r = 1; r <= n; r++) {
            if (r == n || setOfColumn[(int) (j0 + r)] != setOfColumn[(int) (j0 + start)]) {
                out.add(new long[] {start, r - start, setOfColumn[(int) (j0 + start)]});
                start = r;
            }
        }
        return out;
    }
}
