package npukit.testbench.npu;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.isa.HbmSegment;
import npukit.isa.Instruction;
import npukit.isa.InstructionFormat;
import npukit.isa.Program;
import npukit.rtl.npu.NpuTop;
import npukit.rtl.RtlEmitter;
import npukit.sim.ResponseQueue;
import npukit.sim.hbm.HbmModel;
import npukit.testbench.RtlModel;
import npukit.testbench.VerilatorBuild;

/**
 * The generated NPU of a chip under Verilator, with its two HBM ports answered by the simulator's
 * {@link HbmModel} (microarchitecture.md, "HBM model"). In every cycle t of a run: the response each
 * engine accepts in t, picked by the simulator's {@link ResponseQueue} rule, is poked; the model
 * settles; each engine's request, if any, is applied to the HBM in cycle t (load first, then store:
 * a read captures its bytes now, a write changes HBM now); then the clock ticks.
 */
public final class NpuRtl {

    private static final String TOP = "Npu";
    private static final String COUNTER_PREFIX = "counter_";

    private final ChipConfig chip;
    private final InstructionFormat format;
    private final Path library;

    /** Emits the chip's NPU and builds it, or takes the build from the cache (keyed by the Verilog). */
    public NpuRtl(VerilatorBuild build, ChipConfig chip) {
        this.chip = chip;
        this.format = InstructionFormat.forConfig(chip);
        this.library = build.library(RtlEmitter.npu(chip), TOP);
    }

    public ChipConfig chip() {
        return chip;
    }

    /**
     * Runs a program from power-on (on-chip memories zero) on the program's HBM image until FINISH
     * completes. Fails naming the cycle if it has not within {@code cycleLimit} cycles.
     */
    public NpuRun run(Program program, long cycleLimit) {
        if (!program.configHash().equals(chip.hash())) {
            throw new IllegalArgumentException("program was built for config " + program.configHash() + " (chip "
                    + program.chipName() + "), not " + chip.hash() + " (chip " + chip.name() + ")");
        }
        HbmModel hbm = new HbmModel(chip.hbm());
        for (HbmSegment s : program.hbmImage()) {
            hbm.load(s.address(), s.bytes());
        }
        try (RtlModel model = RtlModel.open(library)) {
            return new Session(model, hbm).run(program.instructions(), cycleLimit);
        }
    }

    /** One run: the model, its port indices, and the reusable buffers of the per-cycle loop. */
    private final class Session {
        private final RtlModel model;
        private final HbmModel hbm;
        private final Port load;
        private final Port store;
        private final int events;
        private final int[] retireIndex;
        private final int burst = chip.hbm().burstBytes();
        private final byte[][] loadData = new byte[chip.control().dmaOutstanding()][burst];
        private final byte[] storeData = new byte[burst];

        Session(RtlModel model, HbmModel hbm) {
            this.model = model;
            this.hbm = hbm;
            this.load = new Port(model, "hbm_load");
            this.store = new Port(model, "hbm_store");
            this.events = model.port("events");
            this.retireIndex = new int[] {
                model.port("retire_load_index"), model.port("retire_compute_index"), model.port("retire_store_index")};
        }

        NpuRun run(List<Instruction> program, long cycleLimit) {
            model.reset(2);
            loadProgram(program);
            long[] lastCycles = new long[program.size()];
            Arrays.fill(lastCycles, -1);
            ResponseQueue<Integer> loads = new ResponseQueue<>();
            ResponseQueue<Integer> stores = new ResponseQueue<>();
            int rdata = model.port("hbm_load_resp_rdata");
            int wdata = model.port("hbm_store_req_wdata");
            model.poke(model.port("run"), 1);
            for (long t = 0; t < cycleLimit; t++) {
                Integer loadTag = loads.accept(t);
                if (loadTag != null) {
                    model.pokeBytes(rdata, loadData[loadTag], 0, burst);
                }
                load.respond(loadTag);
                store.respond(stores.accept(t));
                model.eval();
                long ev = model.peek(events);
                if (bit(ev, NpuTop.EventLoadRequest())) {
                    int tag = load.tag();
                    long ready = hbm.read(t, load.addr(), load.len(), loadData[tag], 0);
                    loads.issued(ready, tag);
                }
                if (bit(ev, NpuTop.EventStoreRequest())) {
                    model.peekBytes(wdata, storeData);
                    stores.issued(hbm.write(t, store.addr(), store.len(), storeData, 0), store.tag());
                }
                for (int u = 0; u < retireIndex.length; u++) {
                    if (bit(ev, NpuTop.EventRetireLoad() + u)) {
                        lastCycles[(int) model.peek(retireIndex[u])] = t;
                    }
                }
                model.step(1);
                if (bit(ev, NpuTop.EventDone())) {
                    return new NpuRun(counters(), lastCycles, hbm);
                }
            }
            throw new IllegalStateException("the NPU did not finish within " + cycleLimit + " cycles (chip "
                    + chip.name() + ", " + program.size() + " instructions)");
        }

        private void loadProgram(List<Instruction> program) {
            if (program.size() > NpuTop.DefaultImemDepth()) {
                throw new IllegalArgumentException("program has " + program.size()
                        + " instructions; the instruction memory holds " + NpuTop.DefaultImemDepth());
            }
            int we = model.port("imem_we");
            int addr = model.port("imem_addr");
            int data = model.port("imem_data");
            model.poke(we, 1);
            for (int i = 0; i < program.size(); i++) {
                long[] word = format.encode(program.get(i));
                model.poke(addr, i);
                for (int w = 0; w < 4; w++) {
                    model.pokeWord(data, w, (int) (word[w / 2] >>> (32 * (w % 2))));
                }
                model.step(1);
            }
            model.poke(we, 0);
        }

        private Map<String, Long> counters() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String name : model.portNames()) {
                if (name.startsWith(COUNTER_PREFIX)) {
                    out.put(name.substring(COUNTER_PREFIX.length()), model.peek(model.port(name)));
                }
            }
            return Collections.unmodifiableMap(out);
        }
    }

    private static boolean bit(long word, int index) {
        return (word >>> index & 1) != 0;
    }

    /** One engine's HBM port: the request fields read when it is valid, and the response handshake. */
    private static final class Port {
        private final RtlModel model;
        private final int addr;
        private final int len;
        private final int tag;
        private final int respValid;
        private final int respTag;

        Port(RtlModel model, String name) {
            this.model = model;
            this.addr = model.port(name + "_req_addr");
            this.len = model.port(name + "_req_len");
            this.tag = model.port(name + "_req_tag");
            this.respValid = model.port(name + "_resp_valid");
            this.respTag = model.port(name + "_resp_tag");
        }

        long addr() {
            return model.peek(addr);
        }

        int len() {
            return (int) model.peek(len);
        }

        int tag() {
            return (int) model.peek(tag);
        }

        /** Hands the engine the response it accepts this cycle; null for none. */
        void respond(Integer acceptedTag) {
            model.poke(respValid, acceptedTag == null ? 0 : 1);
            if (acceptedTag != null) {
                model.poke(respTag, acceptedTag);
            }
        }
    }
}
