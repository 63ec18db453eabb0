package npukit.isa.gen;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import npukit.arch.config.ChipConfig;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
import npukit.isa.Program;
import npukit.isa.Queue;
import npukit.isa.Tokens;

/**
 * Random programs of any length for one chip, valid and race-free, mixing every opcode.
 *
 * <p><b>Discipline.</b> The scratchpad and accumulator memory are cut into buffers (fixed blocks of
 * rows, four-row QUANT register buffers among them); at any point each buffer is owned by one unit
 * or travels with one token, and only its owner reads or writes it. A unit gives buffers away by
 * pushing a token (after its own accesses, since a push takes effect at the end of the instruction)
 * and receives them by popping: tokens are matched by count, so the pop receives exactly what the
 * matched push carried ({@link Ownership}). So every access by one unit is ordered by tokens after
 * every earlier access by another, as microarchitecture.md requires. Some pushes carry nothing and
 * only add synchronisation.
 *
 * <p>Every buffer starts with the load unit, which fills it with whole rows before handing it on,
 * and register buffers are only ever written by LOADs of valid register sets, so no instruction reads
 * an undefined byte and every QUANT's registers pass {@code QuantUnit.check}. LOADs read input
 * regions of HBM and STOREs write a separate output region, so HBM needs no ordering.
 *
 * <p>A pop is normally emitted only while a push of that counter is outstanding earlier in program
 * order, so its matched push comes first: the earliest unfinished instruction can always be
 * dispatched and start, and no program deadlocks. Now and then a unit pops a token ahead of its
 * push (the popping instruction then waits at the head of its queue while the dispatcher goes on):
 * it receives no buffers and pushes nothing, the unit gets no more instructions until the pushing
 * unit, which can move on its own, pays the token back with an empty push, and everything in between
 * depends only on instructions before the early pop. At most {@value #MAX_IN_FLIGHT} tokens of a counter are
 * outstanding in program order, so no counter passes 255 (a lagging popper adds at most its queue of
 * 8 and one in progress). Each unit keeps one buffer it can work on once it has one, and a unit
 * that has none is only sent tokens carrying one, so every unit with tokens in flight to it can pop
 * them and generation never stalls.
 *
 * <p><b>Coverage.</b> A program of at least {@value #OPENING} instructions opens by exercising every
 * unit once under the same discipline: the load unit fills two scratchpad buffers, an accumulator
 * buffer and a QUANT register buffer and hands them to the compute unit, which runs a GEMM on them,
 * quantizes the result into the first scratchpad buffer, runs a VALU over it and hands it to the store
 * unit, which stores it. The rest is random. So every program of the default size reaches the array,
 * the quantization unit, the vector ALU and both DMA directions ({@link ProgramProfile}).
 *
 * <p>The same chip, seed and size always give the same program; {@link #seedOf} gives each program of
 * a series its own seed.
 */
public final class RandomProgramGenerator {

    static final int MAX_IN_FLIGHT = 12;
    /** Instructions of the opening that exercises every unit, FINISH included. */
    public static final int OPENING = 9;

    private final ChipConfig chip;
    private final Geometry g;
    private final long seed;

    public RandomProgramGenerator(ChipConfig chip, long seed) {
        this.chip = Objects.requireNonNull(chip, "chip is required");
        this.g = Geometry.of(chip);
        this.seed = seed;
    }

    /**
     * The seed of program {@code index} of a series drawn from {@code seed}: every index gets its own
     * program, and the series is the same for the same seed.
     */
    public static long seedOf(long seed, int index) {
        return new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (index + 1L));
    }

    /** A program of exactly {@code size} instructions, FINISH included (so size >= 1). */
    public Program generate(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("program size = " + size + ": must be at least 1 (FINISH)");
        }
        return new Run(size).program();
    }

    /** The state of one generation: one random source, so the program depends only on seed and size. */
    private final class Run {

        private final SplittableRandom rnd;
        private final ProgramBuilder b = new ProgramBuilder(chip);
        private final List<Buffer> buffers;
        private final boolean[] defined;
        private final Ownership own;
        private final RandomTransfers hbm;
        private final RandomCompute compute;
        private final int size;
        /** A counter popped ahead of its push; until the push, its popping unit gets no instructions. */
        private TokenCounter debt;

        Run(int size) {
            this.size = size;
            this.rnd = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * size));
            ElementData data = new ElementData(g, rnd);
            BufferPlan plan = BufferPlan.of(g);
            this.buffers = plan.buffers();
            this.defined = new boolean[buffers.size()];
            this.own = new Ownership(buffers);
            this.hbm = new RandomTransfers(g, chip.hbm(), b.hbm(), data, new QuantParams(g, chip.quant()),
                    plan.spBufferRows(), plan.accBufferRows(), rnd);
            this.compute = new RandomCompute(g, rnd);
        }

        Program program() {
            if (size >= OPENING) {
                opening();
            }
            while (b.size() < size - 1) {
                step();
            }
            return b.build();
        }

        /** Eight instructions through every unit (see the class comment), then the random walk goes on. */
        private void opening() {
            List<Buffer> sp = own.owned(Queue.LOAD).stream().filter(x -> x.mem() == MemorySpace.SP).toList();
            List<Buffer> acc = own.owned(Queue.LOAD).stream().filter(x -> x.mem() == MemorySpace.ACC && !x.params())
                    .toList();
            List<Buffer> params = own.owned(Queue.LOAD).stream().filter(Buffer::params).toList();
            Buffer a = sp.get(0);
            Buffer w = sp.get(sp.size() > 1 ? 1 : 0);
            Buffer c = acc.get(0);
            Buffer p = params.get(0);
            List<Buffer> handed = List.copyOf(new java.util.LinkedHashSet<>(List.of(a, w, c, p)));
            for (int i = 0; i < handed.size(); i++) {
                boolean last = i == handed.size() - 1;
                b.add(load(tokens(List.of(), last ? List.of(TokenCounter.L_TO_C) : List.of()), List.of(handed.get(i))));
            }
            own.push(TokenCounter.L_TO_C, handed);
            own.pop(TokenCounter.L_TO_C);
            b.add(compute.gemm(tokens(List.of(TokenCounter.L_TO_C), List.of()), a, w, c));
            b.add(compute.quant(Tokens.NONE, c, p, a));
            b.add(compute.valu(tokens(List.of(), List.of(TokenCounter.C_TO_S)), MemorySpace.SP, a, List.of(a)));
            own.push(TokenCounter.C_TO_S, List.of(a));
            own.pop(TokenCounter.C_TO_S);
            b.add(store(tokens(List.of(TokenCounter.C_TO_S), List.of()), List.of(a)));
        }

        private void step() {
            int remaining = size - 1 - b.size();
            Queue unit;
            if (debt != null && (remaining == 1 || rnd.nextInt(3) == 0)) {
                unit = debt.pusher();
            } else {
                List<Queue> ready = new ArrayList<>();
                for (Queue u : List.of(Queue.LOAD, Queue.COMPUTE, Queue.COMPUTE, Queue.STORE)) {
                    if ((debt == null || u != debt.popper()) && canMove(u, withIncoming(u))) {
                        ready.add(u);
                    }
                }
                unit = ready.get(rnd.nextInt(ready.size()));
            }
            boolean forced = !canMove(unit, own.owned(unit));
            List<TokenCounter> pops = new ArrayList<>();
            for (TokenCounter c : TokenCounter.ALL) {
                if (c.popper() == unit && own.inFlight(c) > 0 && (forced || rnd.nextInt(5) < 2)) {
                    own.pop(c);
                    pops.add(c);
                }
            }
            TokenCounter ahead = forced || debt != null || remaining < 2 || rnd.nextInt(16) != 0 ? null
                    : popAhead(unit, pops);
            List<Buffer> kept = new ArrayList<>(own.owned(unit));
            Map<TokenCounter, List<Buffer>> gifts = new EnumMap<>(TokenCounter.class);
            for (TokenCounter c : TokenCounter.ALL) {
                if (c.pusher() != unit || ahead != null) {
                    continue;
                }
                if (c == debt) {
                    gifts.put(c, List.of());
                } else if (own.inFlight(c) < MAX_IN_FLIGHT && rnd.nextInt(100) < pushChance(unit)) {
                    List<Buffer> gift = give(unit, c, kept);
                    if (gift != null) {
                        gifts.put(c, gift);
                    }
                }
            }
            if (ahead != null) {
                pops.add(ahead);
            }
            Tokens tokens = tokens(pops, List.copyOf(gifts.keySet()));
            List<Buffer> owned = own.owned(unit);
            b.add(switch (unit) {
                case LOAD -> load(tokens, owned);
                case COMPUTE -> compute.next(owned, tokens);
                default -> store(tokens, owned);
            });
            gifts.forEach((c, gift) -> {
                if (c == debt) {
                    debt = null;
                } else {
                    own.push(c, gift);
                }
            });
            if (ahead != null) {
                debt = ahead;
            }
        }

        /**
         * A counter the unit may pop ahead of its push: none of it is in flight, and the unit that
         * pushes it can move on its own, so it can pay the token back. The popping instruction
         * pushes nothing, so nothing that pays it back can be waiting for it.
         */
        private TokenCounter popAhead(Queue unit, List<TokenCounter> pops) {
            for (TokenCounter c : TokenCounter.ALL) {
                if (c.popper() == unit && !pops.contains(c) && own.inFlight(c) == 0
                        && canMove(c.pusher(), own.owned(c.pusher()))) {
                    return c;
                }
            }
            return null;
        }

        /** What the unit would own after popping every token in flight to it. */
        private List<Buffer> withIncoming(Queue unit) {
            List<Buffer> out = new ArrayList<>(own.owned(unit));
            for (TokenCounter c : TokenCounter.ALL) {
                if (c.popper() == unit) {
                    out.addAll(own.next(c));
                }
            }
            return out;
        }

        private boolean canMove(Queue unit, List<Buffer> owned) {
            return switch (unit) {
                case LOAD -> !owned.isEmpty();
                case COMPUTE -> RandomCompute.canRun(owned);
                default -> !owned.isEmpty();
            };
        }

        /** Units holding many buffers push more often, so buffers keep moving. */
        private int pushChance(Queue unit) {
            return Math.min(80, 25 + 8 * own.owned(unit).size());
        }

        /**
         * Buffers to hand on with a push of c, taken out of kept (what the unit still holds), or null
         * for no push. A random subset, sometimes none; never a buffer the load unit has not defined;
         * never the unit's last buffer it can work on. A unit that cannot move yet only ever receives
         * tokens carrying a buffer it can work on, so the first token it pops gets it going, and a
         * unit that can move always can: every token in flight to it can be popped in turn.
         */
        private List<Buffer> give(Queue unit, TokenCounter c, List<Buffer> kept) {
            Queue to = c.popper();
            boolean needy = !canMove(to, own.owned(to));
            List<Buffer> out = new ArrayList<>();
            if (needy || rnd.nextInt(6) != 0) {
                for (Buffer x : kept) {
                    if (defined[x.id()] && rnd.nextBoolean()) {
                        out.add(x);
                    }
                }
            }
            if (needy && out.stream().noneMatch(x -> usableBy(to, x))) {
                List<Buffer> usable = kept.stream().filter(x -> defined[x.id()] && usableBy(to, x)).toList();
                if (usable.isEmpty()) {
                    return null;
                }
                out.add(usable.get(rnd.nextInt(usable.size())));
            }
            List<Buffer> left = new ArrayList<>(kept);
            left.removeAll(out);
            for (int i = out.size() - 1; i >= 0 && !canMove(unit, left); i--) {
                Buffer x = out.get(i);
                boolean stillServes = !needy || out.stream().anyMatch(y -> y != x && usableBy(to, y));
                if (stillServes) {
                    out.remove(i);
                    left.add(x);
                }
            }
            if (!canMove(unit, left)) {
                return null;
            }
            kept.removeAll(out);
            return out;
        }

        private boolean usableBy(Queue unit, Buffer x) {
            return unit != Queue.COMPUTE || !x.params();
        }

        private Instruction load(Tokens tokens, List<Buffer> owned) {
            List<Buffer> undefined = owned.stream().filter(x -> !defined[x.id()]).toList();
            if (!undefined.isEmpty() && (undefined.size() == owned.size() || rnd.nextInt(3) != 0)) {
                Buffer x = undefined.get(0);
                defined[x.id()] = true;
                Transfer t = x.params() ? hbm.params() : hbm.fill(x.mem(), x.rows());
                return new Instruction.Load(tokens, x.mem(), x.row(), t.hbm(), t.rows(), t.bytes(), t.stride());
            }
            List<Buffer> ready = owned.stream().filter(x -> defined[x.id()]).toList();
            Buffer x = ready.get(rnd.nextInt(ready.size()));
            if (x.params()) {
                Transfer t = hbm.params();
                return new Instruction.Load(tokens, x.mem(), x.row(), t.hbm(), t.rows(), t.bytes(), t.stride());
            }
            long rows = rows(x);
            long row = x.row() + rnd.nextLong(x.rows() - rows + 1);
            long bytes = bytes(x.mem(), hbm.unit(x.mem()));
            Transfer t = hbm.load(x.mem(), rows, bytes);
            return new Instruction.Load(tokens, x.mem(), row, t.hbm(), t.rows(), t.bytes(), t.stride());
        }

        private Instruction store(Tokens tokens, List<Buffer> owned) {
            Buffer x = owned.get(rnd.nextInt(owned.size()));
            long rows = rows(x);
            long row = x.row() + rnd.nextLong(x.rows() - rows + 1);
            Transfer t = hbm.store(rows, bytes(x.mem(), 1));
            return new Instruction.Store(tokens, x.mem(), row, t.hbm(), t.rows(), t.bytes(), t.stride());
        }

        /** Rows of a transfer: often the whole buffer, so requests pile up past 8 outstanding. */
        private long rows(Buffer x) {
            return rnd.nextInt(3) == 0 ? x.rows() : rnd.nextLong(1, x.rows() + 1);
        }

        /** Bytes per row: the whole row or a random multiple of u. */
        private long bytes(MemorySpace mem, long u) {
            long row = g.rowBytes(mem);
            return rnd.nextInt(5) < 2 ? row : u * rnd.nextLong(1, row / u + 1);
        }

        private Tokens tokens(List<TokenCounter> pops, List<TokenCounter> pushes) {
            boolean popPrev = pops.contains(TokenCounter.L_TO_C) || pops.contains(TokenCounter.C_TO_S);
            boolean popNext = pops.contains(TokenCounter.C_TO_L) || pops.contains(TokenCounter.S_TO_C);
            boolean pushPrev = pushes.contains(TokenCounter.C_TO_L) || pushes.contains(TokenCounter.S_TO_C);
            boolean pushNext = pushes.contains(TokenCounter.L_TO_C) || pushes.contains(TokenCounter.C_TO_S);
            return new Tokens(popPrev, popNext, pushPrev, pushNext);
        }
    }
}
