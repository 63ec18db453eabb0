package npukit.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.Queue;
import npukit.sim.hbm.HbmModel;

/**
 * The machine of microarchitecture.md: the dispatcher, three queues of depth {@value #QUEUE_DEPTH},
 * the load, compute and store units, and the four token counters, run to FINISH.
 *
 * <p>Every decision in cycle t is taken from the state at the start of t and takes effect at its end.
 * The machine visits only cycles in which something can change: after a cycle in which nothing
 * happened, the state stays the same until a unit's own next event (a compute instruction's last
 * cycle, a DMA response becoming ready), so the cycles in between are counted in one step with the
 * classification of the visited cycle. A 10,000-cycle GEMM costs one visit; DMA costs O(requests).
 */
final class Npu {

    static final int QUEUE_DEPTH = 8;

    // Units and queues by Queue.ordinal(): LOAD, COMPUTE, STORE. The load engine acts before the store
    // engine within a cycle, so its HBM request is applied first.
    private static final int UNITS = 3;
    private static final int LOAD = Queue.LOAD.ordinal();
    private static final int COMPUTE = Queue.COMPUTE.ordinal();
    private static final int STORE = Queue.STORE.ordinal();

    private final List<Instruction> program;
    private final HbmModel hbm;
    private final Sram sram;
    private final DmaEngine loadEngine;
    private final ComputeUnit compute;
    private final DmaEngine storeEngine;
    private final ExecutionUnit[] units;
    private final List<ArrayDeque<Integer>> queues = new ArrayList<>();
    private final TokenCounters tokens = new TokenCounters();
    private final InstructionTiming[] timings;
    private final int[] running = new int[UNITS];
    private final long[] started = new long[UNITS];

    private int pc;
    private long arrayBusy;
    private final long[] busy = new long[UNITS];
    private final long[] tokenStall = new long[UNITS];
    private final long[] dispatchStall = new long[UNITS];

    /** {@code sram} is null in timing-only mode. */
    Npu(ChipConfig chip, Geometry geometry, List<Instruction> program, HbmModel hbm, Sram sram) {
        this.program = program;
        this.hbm = hbm;
        this.sram = sram;
        this.loadEngine = new DmaEngine(DmaDirection.LOAD, hbm, sram);
        this.compute = new ComputeUnit(geometry, chip.quant(), sram);
        this.storeEngine = new DmaEngine(DmaDirection.STORE, hbm, sram);
        this.units = new ExecutionUnit[] {loadEngine, compute, storeEngine};
        for (int u = 0; u < UNITS; u++) {
            queues.add(new ArrayDeque<>());
        }
        this.timings = new InstructionTiming[program.size()];
    }

    SimulationResult run() {
        long t = 0;
        while (true) {
            boolean acted = false;
            int[] queued = new int[UNITS];
            boolean allIdle = true;
            for (int u = 0; u < UNITS; u++) {
                queued[u] = queues.get(u).size();
                allIdle &= !units[u].busy();
            }

            // Dispatcher, from start-of-cycle queue sizes.
            Instruction ins = program.get(pc);
            int dispatchTo = -1;
            int dispatchStalled = -1;
            if (ins instanceof Instruction.Finish) {
                if (allIdle && queued[LOAD] + queued[COMPUTE] + queued[STORE] == 0) {
                    return result(t + 1);
                }
            } else {
                int q = ins.queue().ordinal();
                if (queued[q] < QUEUE_DEPTH) {
                    dispatchTo = q;
                    acted = true;
                } else {
                    dispatchStalled = q;
                }
            }

            // Idle units start their queue heads, from start-of-cycle token values.
            boolean[] tokenStalled = new boolean[UNITS];
            for (int u = 0; u < UNITS; u++) {
                if (units[u].busy() || queues.get(u).isEmpty()) {
                    continue;
                }
                int head = queues.get(u).peekFirst();
                Instruction h = program.get(head);
                if (tokens.blocking(Token.pops(h)) != null) {
                    tokenStalled[u] = true;
                    continue;
                }
                queues.get(u).removeFirst();
                tokens.pop(Token.pops(h));
                units[u].start(t, head, h);
                running[u] = head;
                started[u] = t;
                acted = true;
            }

            // The units' work in cycle t; load before store, for the HBM.
            for (ExecutionUnit unit : units) {
                acted |= unit.act(t);
            }

            long next = acted ? t + 1 : nextEvent(t);
            if (next == Long.MAX_VALUE) {
                throw deadlock(t, dispatchStalled);
            }
            // Nothing changes in the skipped cycles, so each counts as cycle t did.
            long span = next - t;
            for (int u = 0; u < UNITS; u++) {
                if (units[u].busy()) {
                    busy[u] += span;
                }
                if (tokenStalled[u]) {
                    tokenStall[u] += span;
                }
            }
            if (dispatchStalled >= 0) {
                dispatchStall[dispatchStalled] += span;
            }
            if (compute.gemmInProgress()) {
                arrayBusy += span;
            }
            loadEngine.account(span);
            storeEngine.account(span);

            // End of cycle t: last cycles push their tokens, the dispatched instruction joins its queue.
            for (int u = 0; u < UNITS; u++) {
                if (units[u].finishing()) {
                    Instruction done = program.get(running[u]);
                    tokens.push(Token.pushes(done), running[u]);
                    timings[running[u]] = new InstructionTiming(running[u], done.opcode(), started[u], t);
                    units[u].endCycle();
                }
            }
            tokens.commit();
            if (dispatchTo >= 0) {
                queues.get(dispatchTo).addLast(pc);
                pc++;
            }
            t = next;
        }
    }

    private long nextEvent(long t) {
        long next = Long.MAX_VALUE;
        for (ExecutionUnit unit : units) {
            next = Math.min(next, unit.nextEvent(t));
        }
        return next;
    }

    private SimulationException deadlock(long t, int dispatchStalled) {
        StringBuilder why = new StringBuilder("deadlock in cycle " + t + ": no unit can ever proceed;");
        int blame = Integer.MAX_VALUE;
        String[] names = {"load", "compute", "store"};
        for (int u = 0; u < UNITS; u++) {
            if (queues.get(u).isEmpty()) {
                continue;
            }
            int head = queues.get(u).peekFirst();
            blame = Math.min(blame, head);
            Instruction h = program.get(head);
            Token waiting = tokens.blocking(Token.pops(h));
            why.append(" the ").append(names[u]).append(" unit waits at instruction ").append(head).append(" (")
                    .append(h.opcode()).append(") for token ").append(waiting.label()).append(" = 0,")
                    .append(" which no pending instruction can push;");
        }
        Instruction at = program.get(pc);
        why.append(" the dispatcher is at instruction ").append(pc).append(" (").append(at.opcode()).append(")");
        if (dispatchStalled >= 0) {
            why.append(", waiting on the full ").append(names[dispatchStalled]).append(" queue");
        } else {
            why.append(", waiting for the queues to drain");
        }
        return new SimulationException(blame == Integer.MAX_VALUE ? pc : blame, why.toString());
    }

    private SimulationResult result(long cycles) {
        Counters c = new Counters(cycles, compute.macs(), arrayBusy, loadEngine.hbmBytes(), storeEngine.hbmBytes(),
                compute.spReads() + storeEngine.sramReads(MemorySpace.SP),
                compute.spWrites() + loadEngine.sramWrites(MemorySpace.SP),
                compute.accReads() + storeEngine.sramReads(MemorySpace.ACC),
                compute.accWrites() + loadEngine.sramWrites(MemorySpace.ACC),
                busy[LOAD], busy[COMPUTE], busy[STORE],
                tokenStall[LOAD], tokenStall[COMPUTE], tokenStall[STORE],
                dispatchStall[LOAD], dispatchStall[COMPUTE], dispatchStall[STORE],
                loadEngine.outstandingStalls(), storeEngine.outstandingStalls());
        List<InstructionTiming> done = new ArrayList<>();
        for (InstructionTiming timing : timings) {
            if (timing != null) {
                done.add(timing);
            }
        }
        byte[] sp = sram == null ? new byte[0] : sram.sp().contents();
        byte[] acc = sram == null ? new byte[0] : sram.acc().contents();
        return new SimulationResult(c, done, hbm, sp, acc);
    }
}
