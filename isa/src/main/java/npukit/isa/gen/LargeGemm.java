package npukit.isa.gen;

import npukit.arch.config.ChipConfig;

/**
 * A large tiled GEMM for benchmarks: M x K x N with random int operands, tiled at the dataflow's
 * limits (the streamed extent capped at {@code maxStreamed}), double-buffered as {@link TiledGemm}
 * emits it, results quantized and stored.
 */
public final class LargeGemm {

    private LargeGemm() {
    }

    /**
     * @param maxStreamed upper bound on the tile extent that only memory limits (m on WS, n on IS, k
     *                    on OS up to the k field's largest value); the on-chip buffers must hold two
     *                    tiles of it
     */
    public static NamedProgram of(ChipConfig chip, long m, long k, long n, long maxStreamed, long seed) {
        if (m < 1 || k < 1 || n < 1 || maxStreamed < 1) {
            throw new IllegalArgumentException("GEMM " + m + "x" + k + "x" + n + " with streamed tiles of "
                    + maxStreamed + ": every extent must be positive");
        }
        String name = "gemm-" + m + "x" + k + "x" + n;
        ProgramKit kit = new ProgramKit(chip, name, seed);
        long tm = Math.min(kit.map.maxM(kit.g), maxStreamed);
        long tk = Math.min(kit.map.maxK(kit.g), maxStreamed);
        long tn = Math.min(kit.map.maxN(kit.g), maxStreamed);
        var steps = TiledGemm.allTiles(m, k, n, tm, tk, tn);
        TiledGemm.emit(kit, m, k, n, steps);
        return kit.named(name, m + "x" + k + "x" + n + " GEMM in " + steps.size() + " tiles of at most "
                + tm + "x" + tk + "x" + tn + ", double-buffered, quantized and stored");
    }
}
