package npukit.scripting;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.ChipConfigIO;
import npukit.arch.config.ChipPresets;
import npukit.arch.config.ChipVariants;
import npukit.arch.config.Roofline;
import npukit.arch.config.ScaleSimConfigImporter;
import npukit.arch.io.OutputFile;
import npukit.arch.numerics.RoundingMode;
import npukit.compiler.codegen.PlanCache;
import npukit.compiler.quant.CalibrationMethod;
import npukit.compiler.runtime.CompiledModel;
import npukit.isa.Program;
import npukit.isa.gen.RandomProgramGenerator;
import npukit.isa.gen.RegressionPrograms;
import npukit.results.EvaluationRecord;
import npukit.results.LayerRecord;
import npukit.results.RooflineSvg;
import npukit.results.SweepCsv;
import npukit.results.SweepReport;
import npukit.results.Table;
import npukit.runner.CompileSettings;
import npukit.runner.ModelRun;
import npukit.runner.ModelRuns;
import npukit.runner.ModelSource;
import npukit.runner.TimingRuns;
import npukit.testbench.VerilatorBuild;
import npukit.testbench.npu.NpuRtl;
import npukit.testbench.verify.CoValidation;
import npukit.testbench.verify.RandomChips;
import org.python.core.PyObject;

/**
 * The {@code npu} object every script sees (also {@code import npu}): chips, models, and the runs,
 * evaluations, co-validations, sweeps and plots of the toolkit, each one call over the runner, the
 * testbench and the results module. Functions return the toolkit's own records ({@link ModelRun},
 * {@link EvaluationRecord}, {@link npukit.results.SweepRow}, ...), whose fields a script reads as
 * methods. Lists it makes are {@link ArrayList}s, which Jython can slice (it cannot slice an unmodifiable
 * list: it copies a slice through a constructor that has no arguments). docs/scripting.md lists every function.
 */
public final class Toolkit {

    private final Path script;
    private final PrintWriter err;
    /** Tiling plans shared by every timing run and sweep of the script: a layer shape is searched once per chip. */
    private final PlanCache plans = new PlanCache();

    Toolkit(Path script, PrintWriter err) {
        this.script = script;
        this.err = err;
    }

    // ---- chips

    /** The preset names. */
    public List<String> chips() {
        return new ArrayList<>(ChipPresets.names());
    }

    /** A preset by name, or a chip file: YAML/JSON, or a SCALE-Sim {@code .cfg}. */
    public Chip chip(String nameOrFile) {
        if (ChipPresets.names().contains(nameOrFile)) {
            return new Chip(ChipPresets.get(nameOrFile), script);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new ScriptError("chip('" + nameOrFile + "'): neither a preset (" + String.join(", ", chips())
                    + ") nor a chip file");
        }
        ChipConfig c = nameOrFile.endsWith(".cfg") ? ScaleSimConfigImporter.read(file).config() : ChipConfigIO.read(file);
        return new Chip(c, file);
    }

    /** Every field a variant may change, as dotted paths ({@code array.rows}, ...). */
    public List<String> fields() {
        return new ArrayList<>(ChipVariants.fields());
    }

    /** The rounding modes' names, as {@code quant.rounding} takes them. */
    public List<String> rounding_modes() {
        return new ArrayList<>(Arrays.stream(RoundingMode.values()).map(RoundingMode::cliName).toList());
    }

    /** {@code k} valid chips drawn from {@code seed} (small arrays, every dataflow), as {@code npu verify --random-chips}. */
    public List<Chip> random_chips(int k, long seed) {
        List<Chip> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(new Chip(RandomChips.draw(seed, i), script));
        }
        return out;
    }

    // ---- models

    /** The bundled MNIST CNN with its 62 labelled test digits. */
    public Model mnist() {
        return Model.of("mnist", ModelSource.resolve(null, null, 1));
    }

    /** An ONNX model; its data (libsvm or .pb) or, with none, seeded random inputs. */
    public Model onnx(String path) {
        return onnx(path, null);
    }

    public Model onnx(String path, String data) {
        Path file = Path.of(path);
        return Model.of(file.getFileName().toString(), ModelSource.resolve(file, data == null ? null : Path.of(data), 1));
    }

    /** A SCALE-Sim topology, shapes only: every layer. */
    public Model topology(String path) {
        return Model.topology(Path.of(path), null);
    }

    /** Its first {@code layers} layers (an int) or the named ones (a list of names). */
    public Model topology(String path, Object layers) {
        return Model.topology(Path.of(path), layers instanceof PyObject p ? Kwargs.java(p) : layers);
    }

    // ---- compile, run, time, eval

    /** {@code compile(model, chip, calibrate=8, method="minmax")}: the compiled model, tilings timed on the simulator. */
    public CompiledModel compile(PyObject[] args, String[] keywords) {
        Kwargs kw = new Kwargs("compile", args, keywords, 2, "model", "chip", "calibrate", "method");
        Model m = kw.required(0, "model", Model.class);
        return ModelRuns.compile(m.source("compile"), kw.required(1, "chip", Chip.class).config(), settings(kw));
    }

    /**
     * {@code run(model, chip, samples=None, calibrate=8, method="minmax")}: compiled and run on the
     * simulator over the samples (all by default), compared with the float reference.
     */
    public ModelRun run(PyObject[] args, String[] keywords) {
        Kwargs kw = new Kwargs("run", args, keywords, 2, "model", "chip", "samples", "calibrate", "method");
        return runOn("run", kw.required(0, "model", Model.class), kw.required(1, "chip", Chip.class), kw);
    }

    private ModelRun runOn(String function, Model m, Chip chip, Kwargs kw) {
        ModelSource source = m.source(function);
        List<ModelSource.Sample> samples = m.samples(function, kw.get(-1, "samples", null));
        return ModelRuns.run(source, ModelRuns.compile(source, chip.config(), settings(kw)), samples, () -> { });
    }

    /** {@code time(model, chip)}: compiled from its shapes and run once timing-only (no data, exact cycles). */
    public TimingRuns.TimingRun time(Model model, Chip chip) {
        return TimingRuns.run(model.graph(), chip.config(), plans);
    }

    /** {@code eval(model, chips, samples=None, calibrate=8, method="minmax")}: one evaluation record per chip. */
    public List<EvaluationRecord> eval(PyObject[] args, String[] keywords) {
        Kwargs kw = new Kwargs("eval", args, keywords, 2, "model", "chips", "samples", "calibrate", "method");
        Model m = kw.required(0, "model", Model.class);
        List<EvaluationRecord> out = new ArrayList<>();
        for (Chip c : chipList("eval", kw.required(1, "chips", List.class))) {
            out.add(runOn("eval", m, c, kw).evaluation());
        }
        return out;
    }

    private static CompileSettings settings(Kwargs kw) {
        String method = kw.optional(-1, "method", String.class, "minmax");
        try {
            return new CompileSettings((int) kw.integer(-1, "calibrate", 8), CalibrationMethod.parse(method));
        } catch (IllegalArgumentException e) {
            throw new ScriptError("method: " + e.getMessage(), e);
        }
    }

    // ---- verify

    /**
     * {@code verify(chip, random=0, seed=1, size=60, regression=True)}: the chip's regression programs
     * (unless {@code regression=False}) and {@code random} seeded random programs of {@code size}
     * instructions, each run on the simulator and on the RTL under Verilator and compared exactly.
     */
    public Verification verify(PyObject[] args, String[] keywords) {
        Kwargs kw = new Kwargs("verify", args, keywords, 1, "chip", "random", "seed", "size", "regression");
        ChipConfig chip = kw.required(0, "chip", Chip.class).config();
        int random = (int) kw.integer(-1, "random", 0);
        long seed = kw.integer(-1, "seed", 1);
        int size = (int) kw.integer(-1, "size", 60);
        if (random < 0 || size < 1) {
            throw new ScriptError("verify(): random must be >= 0 and size >= 1, got " + random + " and " + size);
        }
        Map<String, java.util.function.Supplier<Program>> programs = new LinkedHashMap<>();
        if (kw.optional(-1, "regression", Boolean.class, true)) {
            RegressionPrograms.writersFor(chip).forEach(w -> programs.put(w.name(), () -> w.write().get().program()));
        }
        for (int i = 0; i < random; i++) {
            long s = RandomProgramGenerator.seedOf(seed, i);
            programs.put("random-" + seed + "-" + i, () -> new RandomProgramGenerator(chip, s).generate(size));
        }
        err.println("building the RTL of " + chip.name() + " (config hash " + chip.hash() + "; cached after the first build) ...");
        err.flush();
        List<Verification.Outcome> out = new ArrayList<>();
        CoValidation covalidation = null;
        String noRtl = null;
        try {
            covalidation = new CoValidation(new NpuRtl(VerilatorBuild.atDefaultCache(), chip));
        } catch (RuntimeException e) {
            noRtl = "the RTL could not be built: " + reason(e);
        }
        for (var p : programs.entrySet()) {
            if (noRtl != null) {
                out.add(new Verification.Outcome(p.getKey(), Optional.empty(), Optional.of(noRtl)));
                continue;
            }
            String stage = "cannot be written for this chip: ";
            try {
                Program program = p.getValue().get();
                stage = "did not run: ";
                out.add(new Verification.Outcome(p.getKey(), Optional.of(covalidation.run(p.getKey(), program)),
                        Optional.empty()));
            } catch (RuntimeException e) {
                out.add(new Verification.Outcome(p.getKey(), Optional.empty(), Optional.of(stage + reason(e))));
            }
        }
        return new Verification(chip.name(), chip.hash(), out);
    }

    private static String reason(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e instanceof npukit.arch.io.UserException ? message : e.getClass().getSimpleName() + ": " + message;
    }

    // ---- sweeps, tables, files, plots

    /**
     * {@code sweep(chips, models, output=None, threads=1, force=False, samples=1)}: every chip with every
     * model, as {@code npu sweep} runs a spec; the rows as the results module reads them back.
     */
    public SweepCsv.Parsed sweep(PyObject[] args, String[] keywords) {
        Kwargs kw = new Kwargs("sweep", args, keywords, 2, "chips", "models", "output", "threads", "force", "samples");
        List<Chip> chips = chipList("sweep", kw.required(0, "chips", List.class));
        List<Model> models = new ArrayList<>();
        for (Object o : kw.required(1, "models", List.class)) {
            if (!(o instanceof Model m)) {
                throw new ScriptError("sweep(): models must be models (npu.mnist(), npu.topology(...)), got " + o);
            }
            models.add(m);
        }
        String output = kw.optional(-1, "output", String.class, null);
        return Sweeps.run(script, chips, models, output == null ? null : Path.of(output),
                (int) kw.integer(-1, "threads", 1), kw.optional(-1, "force", Boolean.class, false),
                (int) kw.integer(-1, "samples", 1), plans);
    }

    /** A text table: {@code table(["a", "b"], [[1, 2], [3, 4]])}; {@code csv=True} for CSV. */
    public String table(List<?> header, List<?> rows) {
        return table(header, rows, false);
    }

    public String table(List<?> header, List<?> rows, boolean csv) {
        Table t = new Table(header.stream().map(String::valueOf).toArray(String[]::new));
        for (Object r : rows) {
            if (!(r instanceof List<?> cells) || cells.size() != header.size()) {
                throw new ScriptError("table(): each row must be a list of " + header.size() + " cells, got " + r);
            }
            t.add(cells.toArray());
        }
        StringWriter s = new StringWriter();
        t.print(new PrintWriter(s), csv);
        return s.toString().stripTrailing();
    }

    /** Writes {@code text} to {@code path} atomically; over an existing file only with {@code force}. */
    public void write(String path, String text) {
        write(path, text, false);
    }

    public void write(String path, String text, boolean force) {
        OutputFile.of(Path.of(path), force).notOver(script).writeString(text);
    }

    /** The layers of a run ({@code run} or {@code time}) on the chip's roofline, as SVG, to {@code path}. */
    public void roofline(Object run, String path) {
        roofline(run, path, false);
    }

    public void roofline(Object run, String path, boolean force) {
        ChipConfig chip;
        List<LayerRecord> layers;
        if (run instanceof ModelRun r) {
            chip = r.compiled().chip();
            layers = r.layers();
        } else if (run instanceof TimingRuns.TimingRun t) {
            chip = t.compiled().chip();
            layers = t.layers();
        } else {
            throw new ScriptError("roofline(): give what npu.run or npu.time returned, got " + run);
        }
        write(path, RooflineSvg.render(chip.name(), Roofline.of(chip), layers), force);
    }

    /** A sweep's rows as one self-contained HTML page with its plots, as {@code npu report} writes it. */
    public void report(SweepCsv.Parsed results, String path) {
        report(results, path, false);
    }

    public void report(SweepCsv.Parsed results, String path, boolean force) {
        write(path, SweepReport.html("Sweep from " + script.getFileName(), results, List.of()), force);
    }

    private static List<Chip> chipList(String function, List<?> items) {
        List<Chip> chips = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof Chip c)) {
                throw new ScriptError(function + "(): chips must be chips (npu.chip(...)), got " + o);
            }
            chips.add(c);
        }
        if (chips.isEmpty()) {
            throw new ScriptError(function + "(): no chips given");
        }
        return chips;
    }
}
