package npukit.testbench.npu;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import npukit.arch.config.ChipConfig;
import npukit.isa.CodeImage;
import npukit.isa.HbmSegment;
import npukit.isa.InstructionFormat;
import npukit.isa.Program;
import npukit.rtl.npu.NpuTop;
import npukit.rtl.RtlEmitter;
import npukit.sim.ResponseQueue;
import npukit.sim.hbm.HbmModel;
import npukit.testbench.RtlModel;
import npukit.testbench.VerilatorBuild;

/**
 * The generated NPU of a chip under Verilator, with its three HBM ports answered by the simulator's
 * {@link HbmModel} (microarchitecture.md, "HBM model"). The program's instructions are placed in the
 * HBM where the container puts them ({@link CodeImage}) and the NPU is told where. In every cycle t of
 * a run: the response each requester accepts in t, picked by the simulator's {@link ResponseQueue}
 * rules, is poked; the model settles; each request, if any, is applied to the HBM in cycle t (fetch,
 * then load, then store: a read captures its bytes now, a write changes HBM now); then the clock ticks.
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
        if (!program.isFor(chip)) {
            throw new IllegalArgumentException("program was built for config " + program.configHash() + " (chip "
                    + program.chipName() + "), not " + chip.hash() + " (chip " + chip.name() + ")");
        }
        HbmModel hbm = new HbmModel(chip.hbm());
        for (HbmSegment s : program.hbmImage()) {
            hbm.load(s.address(), s.bytes());
        }
        CodeImage code = program.code(format.geometry());
        if (code.problem(format.geometry()) != null) {
            throw new IllegalArgumentException(code.problem(format.geometry()));
        }
        hbm.load(code.address(), code.segment(program.instructions(), format).bytes());
        try (RtlModel model = RtlModel.open(library)) {
            return new Session(model, hbm).run(program.instructions().size(), code, cycleLimit);
        }
    }

    /** One run: the model, its port indices, and the reusable buffers of the per-cycle loop. */
    private final class Session {
        private final RtlModel model;
        private final HbmModel hbm;
        private final int fetchAddr;
        private final int fetchLen;
        private final int fetchRespValid;
        private final int fetchRespData;
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
            this.fetchAddr = model.port("hbm_fetch_req_addr");
            this.fetchLen = model.port("hbm_fetch_req_len");
            this.fetchRespValid = model.port("hbm_fetch_resp_valid");
            this.fetchRespData = model.port("hbm_fetch_resp_rdata");
            this.load = new Port(model, "hbm_load");
            this.store = new Port(model, "hbm_store");
            this.events = model.port("events");
            this.retireIndex = new int[] {
                model.port("retire_load_index"), model.port("retire_compute_index"), model.port("retire_store_index")};
        }

        NpuRun run(int instructions, CodeImage code, long cycleLimit) {
            model.reset(2);
            model.poke(model.port("code_addr"), code.address());
            model.poke(model.port("code_count"), instructions);
            long[] lastCycles = new long[instructions];
            Arrays.fill(lastCycles, -1);
            ResponseQueue<byte[]> fetches = ResponseQueue.inOrder();
            ResponseQueue<Integer> loads = new ResponseQueue<>();
            ResponseQueue<Integer> stores = new ResponseQueue<>();
            int rdata = model.port("hbm_load_resp_rdata");
            int wdata = model.port("hbm_store_req_wdata");
            model.poke(model.port("run"), 1);
            for (long t = 0; t < cycleLimit; t++) {
                byte[] fetched = fetches.accept(t);
                model.poke(fetchRespValid, fetched == null ? 0 : 1);
                if (fetched != null) {
                    model.pokeBytes(fetchRespData, fetched, 0, fetched.length);
                }
                Integer loadTag = loads.accept(t);
                if (loadTag != null) {
                    model.pokeBytes(rdata, loadData[loadTag], 0, burst);
                }
                load.respond(loadTag);
                store.respond(stores.accept(t));
                model.eval();
                long ev = model.peek(events);
                if (bit(ev, NpuTop.EventFetchRequest())) {
                    byte[] bytes = new byte[burst];
                    int len = (int) model.peek(fetchLen);
                    fetches.issued(hbm.read(t, model.peek(fetchAddr), len, bytes, 0), bytes);
                }
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
                    + chip.name() + ", " + instructions + " instructions)");
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
