package npukit.sim;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.isa.CodeImage;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.Queue;
import npukit.sim.hbm.HbmModel;

/**
 * The machine of microarchitecture.md: the fetch unit, the dispatcher, three queues of the chip's
 * depth, the load, compute and store units, and the four token counters, run to FINISH.
 *
 * <p>Every decision in cycle t is taken from the state at the start of t and takes effect at its end.
 * The machine visits only cycles in which its shared state (the dispatcher, the fetch buffer's whole
 * instructions, queues, tokens and which units are busy) can change: after a cycle in which nothing
 * was dispatched or started, that state stays the same until the end of the next cycle in which a
 * unit finishes or the fetch unit accepts a response, so all the cycles up to and including it are
 * counted in one step with the classification of the visited cycle. A compute instruction's last cycle
 * is known when it starts; the fetch unit and the DMA engines run ahead on their own ({@link FetchUnit},
 * {@link DmaEngine}), visiting only their issue and accept cycles. A 10,000-cycle GEMM costs one visit;
 * DMA and fetch cost O(requests) in tight loops. With {@link Simulator.Stepping#BULK} an engine runs
 * alone up to the other requesters' next cycle and, timing-only, may take the rest of an instruction whole
 * from a memo of states it has timed before ({@link DmaMemo}), put back if another requester issues
 * before it ends; while both engines issue, their joint stretch may be taken whole the same way
 * ({@link DmaPairMemo}). The per-request stepping is the reference both are tested against.
 */
final class Npu {

    // Units and queues by Queue.ordinal(): LOAD, COMPUTE, STORE. Within a cycle the fetch unit acts
    // first, then the load engine, then the store engine: the HBM applies their requests in that order.
    private static final int UNITS = 3;
    private static final int LOAD = Queue.LOAD.ordinal();
    private static final int COMPUTE = Queue.COMPUTE.ordinal();
    private static final int STORE = Queue.STORE.ordinal();

    private final Instruction[] program;
    // Each instruction's token pops and pushes, as masks (Token.popMask).
    private final int[] pops;
    private final int[] pushes;
    private final int queueDepth;
    private final HbmModel hbm;
    private final Sram sram;
    private final FetchUnit fetch;
    private final DmaEngine loadEngine;
    private final ComputeUnit compute;
    private final DmaEngine storeEngine;
    // Timing-only, bulk: stretches in which both engines issue, timed once and taken whole; null otherwise.
    private final DmaPairMemo pairs;
    private final ExecutionUnit[] units;
    private final InstructionQueue[] queues = new InstructionQueue[UNITS];
    private final TokenCounters tokens = new TokenCounters();
    private final InstructionTiming[] timings;
    private final int[] running = new int[UNITS];
    private final long[] started = new long[UNITS];

    private final SimulationProgress progress;
    private final boolean bulk;
    /** Instructions before the first FINISH: those that run. */
    private final int toRun;
    private int finished;

    private int pc;
    private long arrayBusy;
    private final long[] busy = new long[UNITS];
    private final long[] tokenStall = new long[UNITS];
    private final long[] dispatchStall = new long[UNITS];
    private long fetchStall;

    /** {@code code} is where the program's instructions lie in {@code hbm}; {@code sram} is null in timing-only mode. */
    Npu(ChipConfig chip, Geometry geometry, List<Instruction> program, CodeImage code, HbmModel hbm, Sram sram,
            Simulator.Stepping stepping, SimulationProgress progress) {
        this.program = program.toArray(new Instruction[0]);
        this.pops = new int[this.program.length];
        this.pushes = new int[this.program.length];
        for (int i = 0; i < this.program.length; i++) {
            pops[i] = Token.popMask(this.program[i]);
            pushes[i] = Token.pushMask(this.program[i]);
        }
        this.progress = progress;
        int finish = 0;
        while (finish < program.size() && !(program.get(finish) instanceof Instruction.Finish)) {
            finish++;
        }
        this.toRun = finish;
        this.queueDepth = chip.control().queueDepth();
        this.hbm = hbm;
        this.sram = sram;
        this.fetch = new FetchUnit(hbm, code, chip.control().fetchBufferBytes());
        this.bulk = stepping == Simulator.Stepping.BULK;
        this.loadEngine = new DmaEngine(DmaDirection.LOAD, chip.control().dmaOutstanding(), hbm, sram, bulk);
        this.compute = new ComputeUnit(geometry, chip.quant(), sram);
        this.storeEngine = new DmaEngine(DmaDirection.STORE, chip.control().dmaOutstanding(), hbm, sram, bulk);
        this.pairs = loadEngine.memo() == null ? null : new DmaPairMemo(loadEngine, storeEngine, hbm);
        this.units = new ExecutionUnit[] {loadEngine, compute, storeEngine};
        for (int u = 0; u < UNITS; u++) {
            queues[u] = new InstructionQueue(queueDepth);
        }
        this.timings = new InstructionTiming[this.program.length];
    }

    SimulationResult run() {
        long t = 0;
        boolean[] tokenStalled = new boolean[UNITS];
        while (true) {
            // Dispatcher, from the start-of-cycle fetch buffer and queue sizes.
            Instruction ins = program[pc];
            int dispatchTo = -1;
            int dispatchStalled = -1;
            boolean fetchStalled = !fetch.available();
            boolean acted = false;
            if (fetchStalled) {
                // Instruction pc has not arrived: nothing to dispatch, nor to finish.
            } else if (ins instanceof Instruction.Finish) {
                if (allIdle() && queues[LOAD].isEmpty() && queues[COMPUTE].isEmpty() && queues[STORE].isEmpty()) {
                    return result(t + 1);
                }
            } else {
                int q = ins.queue().ordinal();
                if (queues[q].size() < queueDepth) {
                    dispatchTo = q;
                    acted = true;
                } else {
                    dispatchStalled = q;
                }
            }

            // Idle units start their queue heads, from start-of-cycle token values.
            for (int u = 0; u < UNITS; u++) {
                tokenStalled[u] = false;
                boolean accepting = u == COMPUTE ? compute.accepting(t) : !units[u].busy();
                if (!accepting || queues[u].isEmpty()) {
                    continue;
                }
                int head = queues[u].first();
                if (tokens.blocking(pops[head]) != null) {
                    tokenStalled[u] = true;
                    continue;
                }
                if (u == COMPUTE && !compute.clear(t, program[head])) {
                    continue;
                }
                queues[u].removeFirst();
                tokens.pop(pops[head]);
                units[u].start(t, head, program[head]);
                running[u] = head;
                started[u] = t;
                acted = true;
            }

            // A cycle that changed the shared state is a step by itself; otherwise the state holds until
            // the first last cycle of a unit, and every cycle up to it counts as cycle t did.
            long limit = acted ? t : compute.steadyUntil(t);
            long end = runEngines(limit);
            if (end == Long.MAX_VALUE) {
                throw deadlock(t, dispatchStalled);
            }
            long span = end - t + 1;
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
            if (fetchStalled) {
                fetchStall += span;
            }
            if (compute.gemmInProgress()) {
                arrayBusy += span;
            }

            // End of cycle `end`: last cycles push their tokens, the dispatched instruction leaves the fetch
            // buffer and joins its queue.
            int before = finished;
            for (int u = 0; u < UNITS; u++) {
                if (lastCycle(u) == end) {
                    int index = u == COMPUTE ? compute.oldestIndex() : running[u];
                    long first = u == COMPUTE ? compute.oldestFirstCycle() : started[u];
                    tokens.push(pushes[index], index);
                    timings[index] = new InstructionTiming(index, program[index].opcode(), first, end);
                    units[u].finish();
                    finished++;
                }
            }
            if (finished != before) {
                progress.update(finished, toRun, end);
            }
            tokens.commit();
            if (dispatchTo >= 0) {
                fetch.taken(end);
                queues[dispatchTo].add(pc);
                pc++;
            }
            t = end + 1;
        }
    }

    private boolean allIdle() {
        return !loadEngine.busy() && !compute.busy() && !storeEngine.busy();
    }

    /** Unit u's current instruction's last cycle if it is known to have one by now; -1 otherwise. */
    private long lastCycle(int u) {
        if (!units[u].busy()) {
            return -1;
        }
        return u == COMPUTE ? compute.lastCycle() : ((DmaEngine) units[u]).lastCycle();
    }

    /**
     * Runs the fetch unit and both DMA engines through their cycles up to {@code limit}, in cycle order
     * and within a cycle the fetch unit, then the load engine, then the store engine (the HBM applies
     * requests in that order). Stops early at the first cycle in which an engine accepts its final
     * response or the fetch unit accepts one, and returns it; else returns {@code limit}. All their
     * cycles before the returned one have been acted on, and those in it too.
     */
    private long runEngines(long limit) {
        while (true) {
            long fetching = fetch.nextCycle();
            long load = loadEngine.nextCycle();
            long store = storeEngine.nextCycle();
            long c = Math.min(fetching, Math.min(load, store));
            // Idle engines have no next cycle (MAX_VALUE), which the limit may be as well.
            if (c > limit || c == Long.MAX_VALUE) {
                return limit;
            }
            if (bulk && fetching != c && loadEngine.willIssue() && storeEngine.willIssue()) {
                // Acts at least in cycle c, which is no later than limit and not the fetch unit's.
                long end = bothIssue(limit);
                if (end >= 0) {
                    return end;
                }
                continue;
            }
            if (bulk && (interrupts(c, fetching, load, store) || flies(c, fetching, load, store))) {
                continue;
            }
            if (bulk && fetching != c) {
                // The first engine to act runs alone through every cycle before the other requesters' next
                // (the load engine through the store engine's, since it goes first within a cycle).
                if (load == c) {
                    if (loadEngine.runThrough(Math.min(limit, Math.min(store, fetching - 1)))) {
                        long end = loadEngine.lastCycle();
                        if (storeEngine.nextCycle() == end) {
                            storeEngine.act(end);
                        }
                        return end;
                    }
                } else if (storeEngine.runThrough(Math.min(limit, Math.min(load, fetching) - 1))) {
                    return storeEngine.lastCycle();
                }
                continue;
            }
            if (pairs != null && fetching == c && fetch.issues()) {
                pairs.cut(c);
            }
            boolean stop = fetching == c && fetch.act(c);
            stop |= load == c && loadEngine.act(c);
            stop |= store == c && storeEngine.act(c);
            if (pairs != null && !(loadEngine.willIssue() && storeEngine.willIssue())) {
                pairs.ended(c);
            }
            if (stop) {
                return c;
            }
        }
    }

    /**
     * While both engines have requests to issue and the fetch unit does not act, steps them cycle by cycle
     * (the load engine first within a cycle) up to {@code limit}, as the loop of {@link #runEngines} would:
     * neither is alone, so neither may take its instruction whole, and each issue of one has the other ask
     * its memo again after it; the two together may take the stretch whole from the joint memo at its first
     * cycle. Returns the cycle in which an engine accepted its final response, or -1
     * once that loop must take over (an engine has no requests left, the fetch unit acts, or past limit).
     */
    private long bothIssue(long limit) {
        boolean entered = false;
        long c = -1;
        while (loadEngine.willIssue() && storeEngine.willIssue()) {
            long load = loadEngine.nextCycle();
            long store = storeEngine.nextCycle();
            c = Math.min(load, store);
            if (c > limit || c >= fetch.nextCycle()) {
                return -1;
            }
            if (!entered && pairs != null) {
                entered = true;
                if (pairs.enter(c)) {
                    return -1;
                }
            }
            if (load == c) {
                storeEngine.heard(c);
                if (loadEngine.act(c)) {
                    if (store == c) {
                        storeEngine.act(c);
                    }
                    return c;
                }
            }
            if (store == c) {
                loadEngine.heard(c);
                if (storeEngine.act(c)) {
                    return c;
                }
            }
        }
        if (pairs != null && c >= 0) {
            pairs.ended(c);
        }
        return -1;
    }

    /**
     * Before requesters act in cycle c: each that will issue puts back an engine whose instruction's rest
     * was taken whole ({@link DmaEngine#fly}) and has not ended before c, and has the other engine ask its
     * memo again after c. Returns true if one was put back (it then acts again from the cycle it was taken
     * in, which comes before c).
     */
    private boolean interrupts(long c, long fetching, long load, long store) {
        boolean back = false;
        if (fetching == c && fetch.issues()) {
            back = loadEngine.interrupt(c) | storeEngine.interrupt(c) | (pairs != null && pairs.interrupt(c));
        }
        if (load == c && loadEngine.willIssue()) {
            back |= storeEngine.interrupt(c);
        }
        if (store == c && storeEngine.willIssue()) {
            back |= loadEngine.interrupt(c);
        }
        return back;
    }

    /**
     * An engine about to act in cycle c, first of the requesters in it, may take the rest of its instruction
     * whole from its memo if the other engine has nothing to issue. Returns true if one did (its next cycle
     * is then its last).
     */
    private boolean flies(long c, long fetching, long load, long store) {
        if (fetching == c) {
            return false;
        }
        if (load == c) {
            return loadEngine.fly(c, storeEngine.quiet());
        }
        return store == c && storeEngine.fly(c, loadEngine.quiet());
    }

    /** Instructions the DMA engines took whole from their memos and kept (bulk stepping, timing-only). */
    long wholeInstructions() {
        return loadEngine.wholeInstructions() - loadEngine.interruptions() + storeEngine.wholeInstructions()
                - storeEngine.interruptions();
    }

    /** Stretches of both engines issuing taken whole from their memo, and of those, put back. */
    long pairsTaken() {
        return pairs == null ? 0 : pairs.taken();
    }

    long pairsPutBack() {
        return pairs == null ? 0 : pairs.putBack();
    }

    /** Instructions taken whole and then put back because another requester issued before they ended. */
    long interruptions() {
        return loadEngine.interruptions() + storeEngine.interruptions();
    }

    private SimulationException deadlock(long t, int dispatchStalled) {
        StringBuilder why = new StringBuilder("deadlock in cycle " + t + ": no unit can ever proceed;");
        int blame = Integer.MAX_VALUE;
        String[] names = {"load", "compute", "store"};
        for (int u = 0; u < UNITS; u++) {
            if (queues[u].isEmpty()) {
                continue;
            }
            int head = queues[u].first();
            blame = Math.min(blame, head);
            Instruction h = program[head];
            Token waiting = tokens.blocking(pops[head]);
            why.append(" the ").append(names[u]).append(" unit waits at instruction ").append(head).append(" (")
                    .append(h.opcode()).append(") for token ").append(waiting.label()).append(" = 0,")
                    .append(" which no pending instruction can push;");
        }
        Instruction at = program[pc];
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
                loadEngine.outstandingStalls(), storeEngine.outstandingStalls(), fetch.bytes(), fetchStall);
        List<InstructionTiming> done = new ArrayList<>();
        for (InstructionTiming timing : timings) {
            if (timing != null) {
                done.add(timing);
            }
        }
        MemoryImage sp = sram == null ? MemoryImage.empty() : sram.sp().snapshot();
        MemoryImage acc = sram == null ? MemoryImage.empty() : sram.acc().snapshot();
        return new SimulationResult(c, done, hbm, sp, acc);
    }
}
