package npukit.compiler.codegen;

import npukit.arch.config.ComputeTiming;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.GemmMapping.Matrix;

/**
 * Where one layer's tiles live on chip. Scratchpad: row 0 is the relay row (the VALU that carries the
 * barrier token between layers writes it, no other instruction touches it), then the A tiles and the B tiles as the loop order keeps them
 * ({@link OperandBuffer}: two slots of a tile, two of a panel, or the whole operand) and, for quantized
 * outputs, two slots for the QUANT result, so loads and stores overlap the GEMMs, then a layer's code table
 * ({@link NpuLayer#table}), which a TABLE loads into the vector ALU. Accumulators: the QUANT
 * parameter sets, then the accumulator blocks. Quantized outputs need one block: the QUANT that
 * empties it runs on the compute unit before the next GEMM that refills it. Raw-accumulator outputs
 * are stored straight from the block, so two blocks let the stores of one overlap the GEMMs of the
 * other.
 *
 * @param blockRows accumulator rows of one block: one output tile, or the whole streamed extent of
 *                  one stationary tile (STATIONARY_REUSE)
 */
record TileBuffers(OperandBuffer a, OperandBuffer b, long[] outSlot, long paramsRow, long accBase, long blockRows,
        int blocks, long tableRow, long spUsed, long accUsed) {

    static final long RELAY_ROW = 0;

    TileBuffers {
        if (outSlot.length != 2 || blocks < 1 || blockRows < 1) {
            throw new IllegalArgumentException("tile buffers need two output slots and at least one block of"
                    + " at least one row, got " + blocks + " blocks of " + blockRows + " rows");
        }
    }

    /**
     * The buffers for this tiling, or null when they do not fit: the caller tries another tiling.
     *
     * @param paramSets distinct QUANT parameter sets of the layer (0 for raw-accumulator outputs)
     */
    static TileBuffers of(Geometry g, GemmMapping map, Tiling t, NpuLayer layer, int paramSets) {
        long tm = Math.min(t.tm(), layer.m());
        long tk = Math.min(t.tk(), layer.k());
        long tn = Math.min(t.tn(), layer.n());
        long aRows = map.rows(Matrix.A, tm, tk, tn);
        long bRows = map.rows(Matrix.B, tm, tk, tn);
        boolean quantized = layer.output() == NpuLayer.Output.QUANTIZED;
        long outRows = quantized ? map.rows(Matrix.C, tm, tk, tn) : 0;
        long kTiles = LayerEmitter.ceilDiv(layer.k(), tk);
        long mTiles = LayerEmitter.ceilDiv(layer.m(), tm);
        long nTiles = LayerEmitter.ceilDiv(layer.n(), tn);
        long blockRows = blockRows(map, t, layer);
        int blocks = quantized ? 1 : 2;
        long paramRows = (long) ComputeTiming.QUANT_PARAM_ROWS * paramSets;
        long tableRows = layer.table().isPresent() ? tableRows(g, layer) : 0;
        long accUsed = paramRows + blocks * blockRows;
        if (accUsed > g.rows(MemorySpace.ACC)) {
            return null;
        }
        // Two panel slots where they fit (and there is more than one panel), else one: a long-k panel of
        // a deep layer may fit only once, and one slot still saves reloading it for every other tile.
        for (long slots = 2; slots >= 1; slots--) {
            long aSlots = Math.min(slots, mTiles);
            long bSlots = Math.min(slots, nTiles);
            long aSpace = OperandBuffer.rows(t.order().residency(Matrix.A), aRows, kTiles, mTiles, aSlots);
            long bSpace = OperandBuffer.rows(t.order().residency(Matrix.B), bRows, kTiles, nTiles, bSlots);
            long spUsed = 1 + aSpace + bSpace + 2 * outRows + tableRows;
            if (spUsed <= g.rows(MemorySpace.SP)) {
                long a = 1;
                long b = a + aSpace;
                long o = b + bSpace;
                return new TileBuffers(new OperandBuffer(t.order().residency(Matrix.A), a, aRows, kTiles, mTiles, aSlots),
                        new OperandBuffer(t.order().residency(Matrix.B), b, bRows, kTiles, nTiles, bSlots),
                        new long[] {o, o + outRows}, 0, paramRows, blockRows, blocks, o + 2 * outRows, spUsed, accUsed);
            }
        }
        return null;
    }

    /**
     * Scratchpad rows a layer's code table is loaded into for TABLE: 2^W entries, d a row. A chip without a
     * lookup table, or a table of other codes than the chip's operands, is refused naming the layer.
     */
    static long tableRows(Geometry g, NpuLayer layer) {
        int bits = layer.table().orElseThrow().bits();
        if (!g.lookupTable() || bits != g.operandBits()) {
            throw new IllegalArgumentException("layer " + layer.name() + ": its " + bits + "-bit code table needs a"
                    + " chip whose vector ALU has a lookup table of " + g.operandBits() + "-bit codes"
                    + (g.lookupTable() ? "" : " (array.lookup-table: true)"));
        }
        return g.lookupRows();
    }

    /** Accumulator rows one block needs for this tiling. */
    static long blockRows(GemmMapping map, Tiling t, NpuLayer layer) {
        long tm = Math.min(t.tm(), layer.m());
        long tk = Math.min(t.tk(), layer.k());
        long tn = Math.min(t.tn(), layer.n());
        if (t.order() != LoopOrder.STATIONARY_REUSE) {
            return map.rows(Matrix.C, tm, tk, tn);
        }
        // The block spans the streamed dimension in full: all m rows of C on WS, all n rows of C^T on IS.
        return map.stationary() == Matrix.B ? map.rows(Matrix.C, layer.m(), tk, tn)
                : map.rows(Matrix.C, tm, tk, layer.n());
    }
}
