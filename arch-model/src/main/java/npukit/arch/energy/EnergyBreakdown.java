package npukit.arch.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Energy by component, in picojoules (docs/energy.md). Every figure is finite and 0 or more.
 *
 * @param macPj         the array's multiplies and accumulations
 * @param registerPj    PE operand and partial-sum register reads and writes
 * @param arrayPj       operands and partial sums moving from PE to PE
 * @param scratchpadPj  scratchpad row reads and writes
 * @param accumulatorPj accumulator memory row reads and writes
 * @param hbmPj         off-chip bytes: loads, stores and instruction fetches
 * @param instructionPj instruction fetch and dispatch besides their off-chip bytes
 * @param staticPj      static power over the cycles
 */
public record EnergyBreakdown(double macPj, double registerPj, double arrayPj, double scratchpadPj,
                              double accumulatorPj, double hbmPj, double instructionPj, double staticPj) {

    /** Nothing spent. */
    public static final EnergyBreakdown NONE = new EnergyBreakdown(0, 0, 0, 0, 0, 0, 0, 0);

    /** Component names as reports and CSV columns use them, in field order. */
    public static final List<String> COMPONENTS = List.of("mac", "register", "array", "scratchpad",
            "accumulator", "hbm", "instruction", "static");

    public EnergyBreakdown {
        for (double pj : new double[] {macPj, registerPj, arrayPj, scratchpadPj, accumulatorPj, hbmPj, instructionPj,
                staticPj}) {
            if (!Double.isFinite(pj) || pj < 0) {
                throw new IllegalArgumentException("energies must be finite and 0 or more, got " + pj + " pJ");
            }
        }
    }

    /** A breakdown from its components' energies in {@link #COMPONENTS} order. */
    public static EnergyBreakdown of(List<Double> pj) {
        if (pj.size() != COMPONENTS.size()) {
            throw new IllegalArgumentException("an energy breakdown has " + COMPONENTS.size() + " components, got "
                    + pj.size());
        }
        return new EnergyBreakdown(pj.get(0), pj.get(1), pj.get(2), pj.get(3), pj.get(4), pj.get(5), pj.get(6), pj.get(7));
    }

    public double totalPj() {
        return macPj + registerPj + arrayPj + scratchpadPj + accumulatorPj + hbmPj + instructionPj + staticPj;
    }

    public double totalMicrojoules() {
        return totalPj() / 1e6;
    }

    /** Each component's energy in pJ under its {@link #COMPONENTS} name, in that order. */
    public Map<String, Double> byComponent() {
        double[] v = {macPj, registerPj, arrayPj, scratchpadPj, accumulatorPj, hbmPj, instructionPj, staticPj};
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(COMPONENTS.get(i), v[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    public EnergyBreakdown plus(EnergyBreakdown o) {
        return new EnergyBreakdown(macPj + o.macPj, registerPj + o.registerPj, arrayPj + o.arrayPj,
                scratchpadPj + o.scratchpadPj, accumulatorPj + o.accumulatorPj, hbmPj + o.hbmPj,
                instructionPj + o.instructionPj, staticPj + o.staticPj);
    }

    /** Every component divided by {@code n}, e.g. a total over samples per inference; n must be 1 or more. */
    public EnergyBreakdown dividedBy(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("divide energy by 1 or more, got " + n);
        }
        return new EnergyBreakdown(macPj / n, registerPj / n, arrayPj / n, scratchpadPj / n, accumulatorPj / n,
                hbmPj / n, instructionPj / n, staticPj / n);
    }

    /**
     * Average power in mW over {@code cycles} at {@code clockMhz}: pJ per ns is mW. Empty time (0 cycles)
     * has no power: NaN.
     */
    public double averagePowerMw(long cycles, double clockMhz) {
        return cycles == 0 ? Double.NaN : totalPj() / (cycles * 1000.0 / clockMhz);
    }

    /**
     * Tera-operations per second per watt, counting a MAC as two operations: ops per pJ is TOPS/W.
     * NaN when nothing was spent.
     */
    public double topsPerWatt(long macs) {
        double pj = totalPj();
        return pj == 0 ? Double.NaN : 2.0 * macs / pj;
    }
}
