package npukit.testbench.verify;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of running one program on the simulator and on the RTL (C3: cycle-exact
 * co-validation): every counter side by side, the first HBM byte that differs, the first
 * instruction whose last cycle differs, and whether the simulator's timing-only mode counted the
 * same as its functional mode. There is no tolerance: any difference fails.
 *
 * @param chip             the chip's name
 * @param program          the program's name
 * @param counters         every counter either side reported, simulator (functional) against RTL
 * @param modes            every counter, simulator functional against timing-only
 * @param hbm              the first HBM difference, or null if the whole HBM is identical
 * @param lastCycle        the instruction whose last cycle differs earliest, or null if none does
 * @param instructions     unit instructions whose last cycles were compared
 */
public record VerifyReport(String chip, String program, List<CounterRow> counters, List<CounterRow> modes,
        HbmDifference hbm, TimingDifference lastCycle, int instructions) {

    /**
     * One counter on two sides; a side that does not report the counter has null.
     *
     * @param name     the spec's counter name
     * @param expected the simulator's value (functional mode)
     * @param actual   the RTL's value, or the timing-only simulator's
     */
    public record CounterRow(String name, Long expected, Long actual) {

        public CounterRow {
            Objects.requireNonNull(name, "counter name is required");
            if (expected == null && actual == null) {
                throw new IllegalArgumentException("counter " + name + ": at least one side must report it");
            }
        }

        public boolean matches() {
            return expected != null && expected.equals(actual);
        }

        /** actual - expected, or null if one side lacks the counter. */
        public Long difference() {
            return expected == null || actual == null ? null : actual - expected;
        }
    }

    /** The lowest HBM address whose final byte differs, with both bytes (0..255). */
    public record HbmDifference(long address, int simulatorByte, int rtlByte) {
        public HbmDifference {
            if (address < 0 || simulatorByte < 0 || simulatorByte > 255 || rtlByte < 0 || rtlByte > 255
                    || simulatorByte == rtlByte) {
                throw new IllegalArgumentException(String.format("HBM difference at %d: %d against %d is not one:"
                        + " needs an address >= 0 and two different bytes 0..255", address, simulatorByte, rtlByte));
            }
        }
    }

    /**
     * An instruction whose last cycle differs: the one whose earlier last cycle (on either side) is
     * earliest, since later differences usually follow from it. A side that never reported the
     * instruction has -1.
     */
    public record TimingDifference(int index, String disassembly, long simulatorLast, long rtlLast) {
        public TimingDifference {
            Objects.requireNonNull(disassembly, "disassembly is required");
            if (index < 0 || simulatorLast < -1 || rtlLast < -1 || simulatorLast == rtlLast) {
                throw new IllegalArgumentException("timing difference of instruction " + index + ": " + simulatorLast
                        + " against " + rtlLast + " is not one: needs an index >= 0 and two different cycles >= -1");
            }
        }
    }

    public VerifyReport {
        Objects.requireNonNull(chip, "chip is required");
        Objects.requireNonNull(program, "program is required");
        counters = List.copyOf(counters);
        modes = List.copyOf(modes);
        if (counters.isEmpty()) {
            throw new IllegalArgumentException("a report needs the counters it compared");
        }
    }

    /** Whether every counter, every HBM byte and every last cycle agree, and both simulator modes too. */
    public boolean passed() {
        return counters.stream().allMatch(CounterRow::matches) && modes.stream().allMatch(CounterRow::matches)
                && hbm == null && lastCycle == null;
    }

    /**
     * The first difference on one line, in the table's order: a counter, the HBM, an instruction's last
     * cycle, then the simulator's two modes; empty when it passed. What a CI report shows as the failure.
     */
    public String firstDifference() {
        for (CounterRow r : counters) {
            if (!r.matches()) {
                return "counter " + r.name() + ": simulator " + value(r.expected()) + ", rtl " + value(r.actual());
            }
        }
        if (hbm != null) {
            return String.format("HBM at 0x%x: simulator 0x%02x, rtl 0x%02x", hbm.address(), hbm.simulatorByte(),
                    hbm.rtlByte());
        }
        if (lastCycle != null) {
            return String.format("last cycle of instruction %d (%s): simulator %d, rtl %d", lastCycle.index(),
                    lastCycle.disassembly(), lastCycle.simulatorLast(), lastCycle.rtlLast());
        }
        for (CounterRow r : modes) {
            if (!r.matches()) {
                return "simulator modes, counter " + r.name() + ": functional " + value(r.expected()) + ", timing-only "
                        + value(r.actual());
            }
        }
        return "";
    }

    /** A fixed-width text table: the verdict, every counter, then HBM, last cycles and simulator modes. */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append("co-validation of ").append(program).append(" on ").append(chip).append(": ")
                .append(passed() ? "PASSED" : "FAILED").append('\n');
        s.append(String.format("  %-24s %14s %14s %10s%n", "counter", "simulator", "rtl", "rtl-sim"));
        for (CounterRow r : counters) {
            s.append(String.format("  %-24s %14s %14s %10s%s%n", r.name(), value(r.expected()), value(r.actual()),
                    value(r.difference()), r.matches() ? "" : "  <-- differs"));
        }
        s.append("  HBM: ").append(hbm == null ? "identical (every page either side touched)"
                : String.format("first difference at 0x%x: simulator 0x%02x, rtl 0x%02x", hbm.address(),
                        hbm.simulatorByte(), hbm.rtlByte())).append('\n');
        s.append("  last cycles: ").append(lastCycle == null ? "all " + instructions + " equal"
                : String.format("instruction %d (%s): simulator %d, rtl %d", lastCycle.index(),
                        lastCycle.disassembly(), lastCycle.simulatorLast(), lastCycle.rtlLast())).append('\n');
        List<CounterRow> modeDiffs = modes.stream().filter(r -> !r.matches()).toList();
        s.append("  simulator timing-only mode: ").append(modeDiffs.isEmpty() ? "same counters as functional"
                : "differs from functional").append('\n');
        for (CounterRow r : modeDiffs) {
            s.append(String.format("    %-22s functional %s, timing-only %s%n", r.name(), value(r.expected()),
                    value(r.actual())));
        }
        return s.toString();
    }

    private static String value(Long v) {
        return v == null ? "missing" : Long.toString(v);
    }
}
