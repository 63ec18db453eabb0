package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.numerics.QuantUnitRegs;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.GemmMapping.Matrix;

/**
 * The QUANT parameter sets of one layer. A QUANT applies lane e's registers to element e of every
 * accumulator row. When the result rows are rows of C (WS, OS) element e is output column j0 + e of
 * the column tile, so a set per column tile holds each column's registers in its lane. When they are
 * rows of C^T (IS, and OS computing C^T) a row is one output column, so every lane must hold that
 * column's registers: one set per column, and one QUANT per run of rows that share a set. Equal sets
 * are stored once.
 *
 * @param sets         the distinct sets, C lanes each
 * @param setOfColumn  for each output column, the index of the set its QUANT uses
 */
record QuantSets(List<List<QuantUnitRegs>> sets, int[] setOfColumn) {

    QuantSets {
        sets = List.copyOf(sets);
        setOfColumn = setOfColumn.clone();
    }

    static QuantSets of(NpuLayer layer, GemmMapping map, long tn, int cols) {
        List<QuantUnitRegs> lanes = layer.lanes();
        Map<List<QuantUnitRegs>, Integer> index = new LinkedHashMap<>();
        int[] setOf = new int[layer.n()];
        if (map.transposed(Matrix.C)) {
            // A set is one column's registers in every lane, so sets are equal when the registers are:
            // they are compared as registers, not as lists of C copies.
            Map<QuantUnitRegs, Integer> ofRegs = new HashMap<>();
            for (int j = 0; j < layer.n(); j++) {
                QuantUnitRegs r = lanes.get(j);
                Integer at = ofRegs.get(r);
                if (at == null) {
                    at = index.size();
                    ofRegs.put(r, at);
                    index.put(Collections.nCopies(cols, r), at);
                }
                setOf[j] = at;
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
                int at = index.computeIfAbsent(List.copyOf(set), s -> index.size());
                Arrays.fill(setOf, j0, end, at);
            }
        }
        return new QuantSets(new ArrayList<>(index.keySet()), setOf);
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
