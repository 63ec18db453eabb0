package npukit.runner;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Dataflow;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.HbmRegion;
import npukit.isa.Geometry;
import npukit.isa.Instruction;
import npukit.isa.Program;
import npukit.results.scalesim.LayerAccessProfile;
import npukit.results.scalesim.OperandAccess;
import npukit.sim.EnergyModel;
import npukit.sim.InstructionActivity;
import npukit.sim.InstructionTiming;
import npukit.sim.SimulationResult;

/**
 * Reads what one layer of a simulated program did from its instructions and their timings: the
 * span, MACs, HBM traffic and energy of {@link LayerRun}, and the per-operand access profile the SCALE-Sim
 * reports show. Nothing here is estimated: every figure is a sum over the instructions the simulator
 * ran, each classified by its fields and by the HBM region its address falls in.
 */
final class LayerProfiler {

    private final ChipConfig chip;
    private final int elementBytes;
    private final Map<Integer, InstructionTiming> timings = new HashMap<>();
    private final Program program;
    private final List<HbmRegion> layout;
    private final InstructionActivity activity;
    private final EnergyModel energy;

    LayerProfiler(ChipConfig chip, Program program, SimulationResult result, List<HbmRegion> layout,
            InstructionActivity activity, EnergyModel energy) {
        this.chip = chip;
        this.activity = activity;
        this.energy = energy;
        this.elementBytes = Geometry.of(chip).elementBytes();
        this.program = program;
        this.layout = layout;
        result.timings().forEach(t -> timings.put(t.index(), t));
    }

    LayerRun run(String layer, CompiledSegment.LayerRange range, long predictedCycles) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long macs = 0;
        long read = 0;
        long written = 0;
        for (int i = range.start(); i < range.end(); i++) {
            InstructionTiming t = timings.get(i);
            if (t == null) {
                continue;
            }
            first = Math.min(first, t.start());
            last = Math.max(last, t.last());
            Instruction ins = program.instructions().get(i);
            if (ins instanceof Instruction.Gemm g) {
                macs += g.m() * g.k() * g.n();
            } else if (ins instanceof Instruction.Load l) {
                read += l.rows() * l.bytes();
            } else if (ins instanceof Instruction.Store s) {
                written += s.rows() * s.bytes();
            }
        }
        long span = first == Long.MAX_VALUE ? 0 : last - first + 1;
        return new LayerRun(layer, range.end() - range.start(), first, last, macs, read, written,
                predictedCycles, profile(layer, range, first, last),
                energy.of(activity.of(program, range.start(), range.end()), span));
    }

    /**
     * The layer's accesses by operand, cycles counted from {@code first}. A GEMM's operands follow the
     * dataflow's table in isa.md: A is the activations, B the weights, C the results; the stationary
     * operand is read only when the GEMM preloads it.
     */
    private LayerAccessProfile profile(String layer, CompiledSegment.LayerRange range, long first, long last) {
        Dataflow dataflow = chip.array().dataflow();
        long pes = chip.array().peCount();
        long busy = 0;
        // GEMMs may overlap (one drains while the next streams) and start in program order: the array is
        // busy over the union of their spans, counted up to the end of the span covered so far.
        long covered = Long.MIN_VALUE;
        long macs = 0;
        double mapping = 0;
        double compute = 0;
        int gemms = 0;
        OperandAccess[] ops = {OperandAccess.NONE, OperandAccess.NONE, OperandAccess.NONE, OperandAccess.NONE,
            OperandAccess.NONE, OperandAccess.NONE};
        for (int i = range.start(); i < range.end(); i++) {
            InstructionTiming t = timings.get(i);
            if (t == null) {
                continue;
            }
            long from = t.start() - first;
            long to = t.last() - first;
            Instruction ins = program.instructions().get(i);
            if (ins instanceof Instruction.Gemm g) {
                long cycles = t.last() - t.start() + 1;
                long gemmMacs = g.m() * g.k() * g.n();
                busy += Math.max(0, t.last() - Math.max(t.start(), covered + 1) + 1);
                covered = Math.max(covered, t.last());
                macs += gemmMacs;
                gemms++;
                compute += (double) gemmMacs / ((double) pes * cycles);
                long a = g.m() * g.k();
                long b = g.k() * g.n();
                switch (dataflow) {
                    case WS -> {
                        mapping += (double) (g.k() * g.n()) / pes;
                        ops[0] = ops[0].plus(a, from, to);
                        ops[1] = g.preload() ? ops[1].plus(b, from, to) : ops[1];
                    }
                    case IS -> {
                        mapping += (double) (g.k() * g.m()) / pes;
                        ops[0] = g.preload() ? ops[0].plus(a, from, to) : ops[0];
                        ops[1] = ops[1].plus(b, from, to);
                    }
                    case OS -> {
                        mapping += (double) (g.m() * g.n()) / pes;
                        ops[0] = ops[0].plus(a, from, to);
                        ops[1] = ops[1].plus(b, from, to);
                    }
                }
                ops[2] = ops[2].plus(g.m() * g.n(), from, to);
            } else if (ins instanceof Instruction.Load l) {
                int op = switch (region(l.hbm()).role()) {
                    case ZERO, INPUT, OUTPUT -> 3;
                    case WEIGHTS, QUANT_PARAMETERS -> 4;
                };
                ops[op] = ops[op].plus(elements(l.rows() * l.bytes()), from, to);
            } else if (ins instanceof Instruction.Store s) {
                if (region(s.hbm()).role() != HbmRegion.Role.OUTPUT) {
                    throw new IllegalStateException("layer " + layer + " stores to "
                            + region(s.hbm()).name() + ", not to an output region");
                }
                ops[5] = ops[5].plus(elements(s.rows() * s.bytes()), from, to);
            }
        }
        return new LayerAccessProfile(layer, last - first + 1, busy, macs, pes,
                gemms == 0 ? 0 : mapping / gemms, gemms == 0 ? 0 : compute / gemms,
                ops[0], ops[1], ops[2], ops[3], ops[4], ops[5]);
    }

    /** Bytes as elements of the operand width; quantization parameters, accumulator-wide, count likewise. */
    private long elements(long bytes) {
        return (bytes + elementBytes - 1) / elementBytes;
    }

    private HbmRegion region(long address) {
        for (HbmRegion r : layout) {
            if (r.contains(address)) {
                return r;
            }
        }
        throw new IllegalStateException("HBM address " + address + " lies in no region of the compiled segment");
    }
}
