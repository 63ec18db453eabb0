package npukit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.Roofline;
import npukit.compiler.codegen.CompiledSegment;
import npukit.compiler.codegen.LayerPlan;
import npukit.compiler.partition.MacCount;
import npukit.compiler.runtime.CompiledModel;
import npukit.isa.Disassembler;
import npukit.isa.Program;
import npukit.isa.ProgramFile;
import npukit.results.LayerCsv;
import npukit.results.LayerRecord;
import npukit.results.RooflineSvg;
import npukit.runner.LayerRecords;
import npukit.runner.ModelRunner;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compile a model for a chip: passes, partition into NPU layers and host work, calibration and "
                + "quantization the way the chip does it, tiling and code generation. Writes into DIR one program per "
                + "NPU step (NN-LAYER.npub, with the first sample's input in its HBM image, so `npu sim` and "
                + "`npu verify --programs DIR` run it as is), listing.txt (every program disassembled) and plan.txt "
                + "(partition and per-layer mapping and why), plan.csv (per layer: sizes, MACs, roofline bound, predicted and "
                + "simulated cycles on the first sample, HBM traffic) and roofline.svg.",
                "Without MODEL: the bundled MNIST CNN."},
        footer = {"", "Examples:", "  npu compile --chip edge-cmsis -o build/mnist",
                "  npu verify --chip edge-cmsis --programs build/mnist",
                "  npu compile model.onnx --chip gemmini --data calib.libsvm --calibration-method entropy -o out"})
final class CompileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--chip", defaultValue = "gemmini", description = "A preset name or config file (default: ${DEFAULT-VALUE}).")
    String chip;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Output directory: created if missing; one that holds files is refused unless --force, which "
                    + "replaces the files this command writes and removes the .npub programs already there.")
    Path dir;

    @Mixin
    Force force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        checkOutputDirectory();
        ModelSource source = model.load();
        ChipConfig config = ChipSource.resolve(chip).config();
        CompiledModel compiled = Heartbeat.compiling(spec.commandLine().getErr(),
                progress -> ModelRuns.compile(source, config, model.settings(), progress));
        ModelRunner runner = new ModelRunner(compiled);
        List<Program> programs = runner.programs(source.samples().get(0).inputs());
        List<LayerRecord> layers = LayerRecords.of(compiled, runner.run(source.samples().get(0).inputs()));
        Files.createDirectories(dir);
        removeOldPrograms();
        List<Path> inputs = model.inputs(chip);
        StringBuilder listing = new StringBuilder();
        StringBuilder plan = new StringBuilder();
        plan.append("model: ").append(source.description()).append('\n');
        plan.append("chip:  ").append(ModelOptions.describe(config)).append(", config hash ").append(config.hash())
                .append("\n\n").append(compiled.partition().text()).append('\n')
                .append(ModelOptions.macs(MacCount.of(compiled.partition()), config)).append("\n\n");
        int next = 0;
        for (int i = 0; i < compiled.segments().size(); i++) {
            CompiledSegment seg = compiled.segments().get(i);
            // A dynamic MatMul runs its program once per batch matrix pair, each with its own data.
            for (int run = 0; run < seg.runs(); run++) {
                Program program = programs.get(next++);
                String name = programName(i + 1, seg.plans().get(0).layer()) + (seg.runs() > 1 ? "-run" + run : "");
                Path file = dir.resolve(name + ".npub");
                ProgramFile.write(program, config, force.target(file).notOver(inputs));
                listing.append("# ").append(name).append(": ").append(program.instructions().size())
                        .append(" instructions\n").append(Disassembler.disassemble(program.instructions()))
                        .append('\n');
                plan.append("program ").append(name).append(".npub, ").append(program.instructions().size())
                        .append(" instructions\n");
                if (run == 0) {
                    for (LayerPlan p : seg.plans()) {
                        plan.append("  ").append(p.layer()).append(": ").append(p.reason()).append('\n');
                    }
                }
                out.println("wrote " + file);
            }
        }
        force.target(dir.resolve("listing.txt")).notOver(inputs).writeString(listing.toString());
        force.target(dir.resolve("plan.txt")).notOver(inputs).writeString(plan.toString());
        force.target(dir.resolve("plan.csv")).notOver(inputs).writeString(LayerCsv.write(layers));
        force.target(dir.resolve("roofline.svg")).notOver(inputs).writeString(RooflineSvg.render(source.graph().name()
                + " on " + config.name(), Roofline.of(config), layers));
        out.println("wrote " + dir.resolve("listing.txt") + ", plan.txt, plan.csv, roofline.svg");
        out.print(plan);
        out.flush();
        return 0;
    }

    /**
     * The file name of program {@code index} (from 1): its number and its first layer's name, every run of
     * characters other than letters, digits, '.', '_', '#' and '-' made one '_' (ONNX exporters name
     * nodes like /encoder/layer.0/attention/self/query/MatMul, which as a path would be folders).
     */
    static String programName(int index, String layer) {
        String safe = layer.replaceAll("[^A-Za-z0-9._#-]+", "_").replaceAll("^[_.]+", "");
        return String.format("%02d-%s", index, safe.isEmpty() ? "layer" : safe);
    }

    /** Before any work: the output must be a folder (or absent), and empty unless --force. */
    private void checkOutputDirectory() throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserInputException(dir + ": exists and is not a folder; -o names the folder the programs go in");
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (!force.force && files.findAny().isPresent()) {
                throw new UserInputException(dir + ": the folder is not empty; give --force to replace the files this"
                        + " command writes there (its old .npub programs are removed)");
            }
        }
    }

    /**
     * With --force into a folder that held an earlier compile: its programs go, so that every .npub in
     * the folder is one of this compile's (npu verify --programs DIR runs them all).
     */
    private void removeOldPrograms() throws IOException {
        List<Path> old;
        try (Stream<Path> files = Files.list(dir)) {
            old = files.filter(f -> f.getFileName().toString().endsWith(".npub")
                    && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path f : old) {
            Files.delete(f);
        }
    }
}
