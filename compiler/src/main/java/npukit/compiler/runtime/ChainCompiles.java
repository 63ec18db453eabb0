package npukit.compiler.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.lower.NpuLayer;

/**
 * A compile's NPU chains, compiled on several threads ahead of the driver's loop, which takes each one's
 * result in step order. A chain whose layers have the shapes of an earlier chain's ({@link PlanCache#shape})
 * starts only once that one is done, so it takes its plans from the cache instead of holding a thread
 * while it waits for them. Each chain's compile depends on its own layers and the cache alone, so the
 * results are the sequential compile's whatever the thread count; an error is raised when its step is
 * taken, so the first failing step in step order is the one reported, as in a sequential compile.
 */
final class ChainCompiles implements AutoCloseable {

    private final List<List<NpuLayer>> chains;
    private final BiFunction<Integer, List<NpuLayer>, CompiledSegment> compile;
    private final ExecutorService pool;
    private final List<CompletableFuture<CompiledSegment>> results = new ArrayList<>();

    /**
     * Compiles {@code chains} with {@code compile} (given each chain's index and layers) on {@code threads}
     * threads; with one, each when it is taken.
     */
    ChainCompiles(List<List<NpuLayer>> chains, BiFunction<Integer, List<NpuLayer>, CompiledSegment> compile,
            int threads) {
        this.chains = List.copyOf(chains);
        this.compile = compile;
        if (threads <= 1 || chains.size() <= 1) {
            this.pool = null;
            return;
        }
        AtomicInteger named = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.min(threads, chains.size()), r -> {
            Thread t = new Thread(r, "npu-compile-" + named.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<List<Object>, CompletableFuture<CompiledSegment>> first = new HashMap<>();
        for (int i = 0; i < this.chains.size(); i++) {
            List<NpuLayer> chain = this.chains.get(i);
            Integer index = i;
            List<Object> shape = chain.stream().map(PlanCache::shape).toList();
            CompletableFuture<CompiledSegment> earlier = first.get(shape);
            CompletableFuture<CompiledSegment> mine = earlier == null
                    ? CompletableFuture.supplyAsync(() -> compile.apply(index, chain), pool)
                    : earlier.handleAsync((done, failed) -> compile.apply(index, chain), pool);
            first.putIfAbsent(shape, mine);
            results.add(mine);
        }
    }

    /** Chain {@code i}'s segment, or the exception its compile raised. */
    CompiledSegment get(int i) {
        if (pool == null) {
            return compile.apply(i, chains.get(i));
        }
        try {
            return results.get(i).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Stops what is still running (after an error, the later chains are not needed). */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
