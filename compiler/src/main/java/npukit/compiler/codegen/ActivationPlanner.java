package npukit.compiler.codegen;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the HBM buffers of a chain's layer outputs by liveness. Output i is written by layer i and
 * read by layer i + 1 (the last one by the host, after the program), so it is live over steps
 * [i, i + 1]; two outputs whose live steps are disjoint may share bytes. Layers of a chain run one
 * after another behind a token barrier (a layer's loads wait for the previous layer's stores), so by
 * the time layer i writes, every read of output i - 2 is done. Placement is first fit in definition
 * order inside one arena: each buffer goes to the lowest aligned offset that overlaps no buffer live
 * at the same time. Deterministic; the arena is as large as the highest end.
 */
final class ActivationPlanner {

    /** Offsets of each buffer in the arena, and the arena's size. */
    record Plan(List<Long> offsets, long arenaBytes) {
        Plan {
            offsets = List.copyOf(offsets);
        }
    }

    private ActivationPlanner() {
    }

    /** Offsets for buffers of {@code bytes.get(i)} bytes live over steps [i, i + 1], aligned to {@code align}. */
    static Plan plan(List<Long> bytes, long align) {
        if (align < 1) {
            throw new IllegalArgumentException("alignment = " + align + ": must be >= 1");
        }
        List<Long> offsets = new ArrayList<>();
        long arena = 0;
        for (int i = 0; i < bytes.size(); i++) {
            long size = bytes.get(i);
            if (size < 1) {
                throw new IllegalArgumentException("buffer " + i + " of " + size + " bytes: must be >= 1");
            }
            long at = 0;
            boolean moved = true;
            while (moved) {
                moved = false;
                // Live together with i: the previous buffer (read while i is written); the next one is placed later.
                for (int j = Math.max(0, i - 1); j < i; j++) {
                    long lo = offsets.get(j);
                    long hi = lo + bytes.get(j);
                    if (at < hi && lo < at + size) {
                        at = Math.floorDiv(hi + align - 1, align) * align;
                        moved = true;
                    }
                }
            }
            offsets.add(at);
            arena = Math.max(arena, at + size);
        }
        return new Plan(offsets, arena);
    }
}
