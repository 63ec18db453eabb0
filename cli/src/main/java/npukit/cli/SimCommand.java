package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.isa.Disassembler;
import npukit.results.Table;
import npukit.sim.InstructionTiming;
import npukit.sim.SimulationException;
import npukit.sim.SimulationResult;
import npukit.sim.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run a program on the cycle-accurate simulator and print its performance counters "
                + "(docs/microarchitecture.md), the array utilisation and the time at the chip's clock.",
                "A .npub names its chip; assembler text (.s) needs --chip."},
        footer = {"", "Examples:", "  npu sim gemm.npub",
                "  npu sim gemm.npub --timing-only --csv counters.csv",
                "  npu sim loop.s --chip my-chip.yaml --per-instruction"})
final class SimCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A binary program (.npub) or assembler text (.s).")
    Path file;

    @Option(names = "--chip", description = "The chip: a preset name or config file (default: the program's own).")
    String chip;

    @Option(names = "--timing-only", description = "Skip the data: same counters, faster.")
    boolean timingOnly;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the counters as one CSV row with a header.")
    Path csv;

    @Mixin
    Force force;

    @Option(names = "--per-instruction", description = "Also print each instruction's start and last cycle.")
    boolean perInstruction;

    @Override
    public void run() {
        ProgramInput input = ProgramInput.read(file, chip);
        ChipConfig config = input.chip();
        SimulationResult result;
        try (SimulationMeter meter = SimulationMeter.forCommand(spec.commandLine().getErr(), "simulating " + file)) {
            result = new Simulator(config, timingOnly ? Simulator.Mode.TIMING_ONLY : Simulator.Mode.FUNCTIONAL)
                    .run(input.program(), meter);
        } catch (SimulationException e) {
            throw new UserInputException(file + ": " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Long> counters = result.counters().asMap();
        Table t = new Table("counter", "value");
        counters.forEach(t::add);
        long cycles = result.counters().cycles();
        double utilisation = (double) result.counters().macs() / ((double) cycles * config.array().peCount());
        t.add("utilisation", String.format("%.4f", utilisation));
        t.add("time_us", String.format("%.3f", cycles / config.clock().frequencyMhz()));
        out.println("program " + file + " on " + config.name() + " (" + config.array().shape() + " "
                + config.array().dataflow().fileName() + "), " + input.program().instructions().size() + " instructions");
        t.print(out, false);
        if (perInstruction) {
            Table ins = new Table("index", "start", "last", "instruction");
            for (InstructionTiming it : result.timings()) {
                ins.add(it.index(), it.start(), it.last(),
                        Disassembler.line(input.program().instructions().get(it.index())).strip());
            }
            out.println();
            ins.print(out, false);
        }
        if (csv != null) {
            Table row = new Table(header(counters));
            row.add(values(config, counters, utilisation));
            StringWriter text = new StringWriter();
            row.print(new PrintWriter(text), true);
            force.target(csv, file).writeString(text.toString());
            out.println("wrote " + csv);
        }
        out.flush();
    }

    private String[] header(Map<String, Long> counters) {
        String[] h = new String[counters.size() + 5];
        h[0] = "program";
        h[1] = "chip";
        h[2] = "config_hash";
        h[3] = "mode";
        int i = 4;
        for (String name : counters.keySet()) {
            h[i++] = name;
        }
        h[i] = "utilisation";
        return h;
    }

    private Object[] values(ChipConfig config, Map<String, Long> counters, double utilisation) {
        Object[] v = new Object[counters.size() + 5];
        v[0] = file.toString();
        v[1] = config.name();
        v[2] = config.hash();
        v[3] = timingOnly ? "timing-only" : "functional";
        int i = 4;
        for (long value : counters.values()) {
            v[i++] = value;
        }
        v[i] = String.format("%.6f", utilisation);
        return v;
    }
}
