package npukit.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.Dataflow;
import npukit.compiler.lower.NpuLayer;
import npukit.isa.Instruction;
import npukit.isa.Program;
import npukit.isa.ValuOp;
import npukit.isa.gen.GemmMapping;
import npukit.isa.gen.HbmMatrix;
import org.junit.jupiter.api.Test;

/**
 * Which tilings fold a max pool into the QUANT output slots, and what they emit: only the pooled rows
 * are stored and nothing is loaded back. The programs are built, so they pass ProgramChecks; their
 * outputs are checked bit for bit against the host's pool in the runner (PooledConvRunTest,
 * MnistEndToEndTest).
 */
class FusedPoolTest {

    private static final ChipConfig GEMMINI = ChipPresets.gemmini();
    private static final GemmMapping WS = GemmMapping.of(Dataflow.WS);
    // MNIST's Conv_0: 24x24 outputs of 10 channels, 2x2 windows: 4 blocks of 144 pooled pixels.
    private static final NpuLayer CONV = ChainFixtures.layer(GEMMINI, "conv", 576, 25, 10, NpuLayer.Output.QUANTIZED,
            true, new SplittableRandom(9));
    private static final HbmMatrix POOLED = new HbmMatrix(0, 144, 10, 1, false);

    @Test
    void tilesThatAreWholeBlocksOrAllOfMFold() {
        FusedPool tiles = FusedPool.of(CONV, WS, new Tiling(144, 16, 16, LoopOrder.A_PANEL_ALL_B), 4, POOLED)
                .orElseThrow();
        assertFalse(tiles.foldsRows());
        assertEquals(144, tiles.pooledRows());
        assertTrue(FusedPool.of(CONV, WS, new Tiling(576, 16, 4, LoopOrder.B_PANEL_ALL_A), 4, POOLED).orElseThrow()
                .foldsRows());
    }

    @Test
    void tilesAcrossBlocksOrSeveralColumnTilesPerBlockAndRawOrTransposedOutputsDoNot() {
        assertTrue(FusedPool.of(CONV, WS, new Tiling(72, 16, 16, LoopOrder.A_PANEL_ALL_B), 4, POOLED).isEmpty());
        assertTrue(FusedPool.of(CONV, WS, new Tiling(144, 16, 8, LoopOrder.A_PANEL_ALL_B), 4, POOLED).isEmpty());
        NpuLayer raw = ChainFixtures.layer(GEMMINI, "raw", 576, 25, 10, NpuLayer.Output.ACCUMULATORS, true,
                new SplittableRandom(3));
        assertTrue(FusedPool.of(raw, WS, new Tiling(144, 16, 16, LoopOrder.A_PANEL_ALL_B), 4, POOLED).isEmpty());
        assertTrue(FusedPool.of(CONV, GemmMapping.WS_TRANSPOSED, new Tiling(144, 16, 16, LoopOrder.A_PANEL_ALL_B), 4,
                POOLED).isEmpty());
    }

    @Test
    void wholeBlockTilesStoreThePooledRowsOnceAndLoadNothingBack() {
        Program p = pooledProgram(new Tiling(144, 16, 16, LoopOrder.A_PANEL_ALL_B));
        List<Instruction.Store> stores = stores(p);
        assertEquals(1, stores.size(), "one STORE of the folded slot");
        assertEquals(144, stores.get(0).rows());
        assertEquals(3, maxOps(p), "one MAX per block after the first");
        assertNothingStoredIsLoaded(p);
    }

    @Test
    void oneTileOfAllRowsFoldsEachColumnChunkInPlace() {
        Program p = pooledProgram(new Tiling(576, 16, 5, LoopOrder.B_PANEL_ALL_A));
        List<Instruction.Store> stores = stores(p);
        assertEquals(2, stores.size(), "one STORE per column tile");
        stores.forEach(s -> assertEquals(144, s.rows()));
        assertEquals(6, maxOps(p), "blocks - 1 MAX ops per column tile");
        assertNothingStoredIsLoaded(p);
    }

    @Test
    void otherTilingsKeepThePoolPass() {
        Program p = pooledProgram(new Tiling(72, 16, 16, LoopOrder.A_PANEL_ALL_B));
        // Eight chunks of Y stored, then the pass reloads them.
        assertTrue(stores(p).size() > 8);
        int firstStore = indexOf(p, Instruction.Store.class);
        assertTrue(p.instructions().subList(firstStore, p.instructions().size()).stream()
                .anyMatch(i -> i instanceof Instruction.Load));
    }

    private static Program pooledProgram(Tiling t) {
        return SegmentEmitter.emit(GEMMINI, List.of(CONV), List.of(WS), List.of(t), true, null, Optional.of(PooledY.blocked(4, 144)))
                .builder().build();
    }

    private static List<Instruction.Store> stores(Program p) {
        return p.instructions().stream().filter(i -> i instanceof Instruction.Store).map(i -> (Instruction.Store) i)
                .toList();
    }

    private static long maxOps(Program p) {
        return p.instructions().stream().filter(i -> i instanceof Instruction.Valu v && v.op() == ValuOp.MAX).count();
    }

    private static int indexOf(Program p, Class<?> kind) {
        for (int i = 0; i < p.instructions().size(); i++) {
            if (kind.isInstance(p.instructions().get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + kind.getSimpleName());
    }

    private static void assertNothingStoredIsLoaded(Program p) {
        // Loads of later weight panels may follow a STORE; none reads bytes a STORE wrote.
        for (Instruction.Store st : stores(p)) {
            long end = st.hbm() + (st.rows() - 1) * st.stride() + st.bytes();
            assertTrue(p.instructions().stream().filter(i -> i instanceof Instruction.Load).map(i -> (Instruction.Load) i)
                    .noneMatch(l -> l.hbm() < end && st.hbm() < l.hbm() + (l.rows() - 1) * l.stride() + l.bytes()),
                    "Y is never loaded back");
        }
    }
}
