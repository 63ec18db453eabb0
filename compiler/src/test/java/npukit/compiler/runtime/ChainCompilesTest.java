package npukit.compiler.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.NoTilingException;
import npukit.compiler.lower.NpuLayer;
import org.junit.jupiter.api.Test;

/**
 * On several threads, chains compile out of order, but the caller asks for them in step order: the
 * error it sees is the first failing chain's in that order, whichever thread failed first.
 */
class ChainCompilesTest {

    private static List<NpuLayer> chain(String name, int n) {
        return List.of(NpuLayer.shapeOnly(name, 4, 4, n, List.of(), NpuLayer.Output.ACCUMULATORS, Optional.empty()));
    }

    @Test
    void theFirstFailingChainInStepOrderIsReported() {
        List<List<NpuLayer>> chains = List.of(chain("a", 1), chain("b", 2), chain("c", 3), chain("d", 4));
        for (int threads : List.of(1, 4)) {
            try (ChainCompiles compiles = new ChainCompiles(chains, (i, c) -> {
                if (i == 0) {
                    // Chain 0 compiles slowly and fine: the later failures finish first.
                    sleep();
                    return null;
                }
                throw new NoTilingException("chain " + c.get(0).name());
            }, threads)) {
                CompiledSegment first = compiles.get(0);
                assertEquals(null, first);
                NoTilingException e = assertThrows(NoTilingException.class, () -> compiles.get(1));
                assertEquals("chain b", e.getMessage(), threads + " threads");
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
