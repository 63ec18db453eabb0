package npukit.cli;

import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.HbmConfig;
import npukit.arch.config.QuantConfig;
import npukit.results.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "chips", mixinStandardHelpOptions = true,
        description = "List the chip presets: array, dataflow, SRAM, HBM, quantization scheme and rounding.",
        footer = {"", "Example:", "  npu chips --csv > chips.csv"})
final class ChipsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--csv", description = "Write CSV instead of an aligned table.")
    boolean csv;

    @Override
    public void run() {
        Table t = new Table("name", "array", "dataflow", "pe", "bits", "scratchpad KiB", "acc KiB", "HBM",
                "GB/s", "clock MHz", "scheme", "rounding", "requant", "weights");
        for (ChipConfig c : ChipPresets.all()) {
            QuantConfig q = c.quant();
            HbmConfig h = c.hbm();
            t.add(c.name(), c.array().shape(), c.array().dataflow().fileName(), c.array().pe().fileName(),
                    c.array().operandBits() + "/" + c.array().accumulatorBits(),
                    c.sram().scratchpadKiB(), c.sram().accumulatorKiB(),
                    h.channels() + "ch x " + h.bytesPerCyclePerChannel() + "B",
                    String.format("%.1f", c.peakHbmGBps()), fmt(c.clock().frequencyMhz()),
                    q.scheme().fileName(), q.rounding().cliName(),
                    q.scheme() == npukit.arch.config.QuantScheme.LINEAR ? q.requant().fileName() : "-",
                    q.granularity().fileName());
        }
        t.print(spec.commandLine().getOut(), csv);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
