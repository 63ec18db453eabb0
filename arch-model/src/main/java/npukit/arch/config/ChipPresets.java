package npukit.arch.config;

import java.util.List;
import java.util.stream.Collectors;
import npukit.arch.numerics.RoundingMode;

/**
 * Named configs modelled on real accelerators. Each description says where a number comes from
 * and which parts are assumptions; docs/chip-config.md has the same facts as a table. Off-chip
 * memory rates are powers of two per core cycle, so quoted bandwidths are rounded to one.
 */
public final class ChipPresets {

    private ChipPresets() {
    }

    /** Every preset, in a fixed order. */
    public static List<ChipConfig> all() {
        return List.of(tpuV1(), gemmini(), eyeriss(), edgeCmsis(), vitisDpu(), nnie(), vta(), ascendCube());
    }

    public static List<String> names() {
        return all().stream().map(ChipConfig::name).toList();
    }

    /** The preset of that name; an unknown name lists the valid ones. */
    public static ChipConfig get(String name) {
        return all().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown chip preset '" + name
                        + "'; valid presets: " + names().stream().collect(Collectors.joining(", "))));
    }

    public static ChipConfig tpuV1() {
        return new ChipConfig("tpu-v1",
                "Google TPU v1 (Jouppi et al., ISCA 2017): 256x256 weight-stationary int8 array, 24 MiB unified"
                        + " buffer, 4 MiB of 32-bit accumulators, 700 MHz, two DDR3 channels (34 GB/s, here"
                        + " 2 x 16 B/cycle = 22.4 GB/s), a weight tile double-buffered in the array to hide the"
                        + " shift-in. TPU v1's own rounding is not public: assumed the TF"
                        + " QuantizeV2 / gemmlowp convention (per-tensor, double rounding, ties away from zero)."
                        + " Buffer port width, DRAM geometry and latencies are assumed.",
                new ArrayConfig(256, 256, Dataflow.WS, 8, 32, PeType.LINEAR, 2),
                new SramConfig(24576, 4096, 1, 256),
                new HbmConfig(2, 8, 16, 64, 8192, 10, 29, 256, 8192),
                new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_AWAY, RequantPath.DOUBLE_ROUNDING,
                        Granularity.PER_TENSOR, false, 8, 8, 32, 16, 1),
                new ClockConfig(700));
    }

    public static ChipConfig gemmini() {
        return new ChipConfig("gemmini",
                "Gemmini default config (UC Berkeley): 16x16 weight-stationary, int8 inputs, int32 accumulators,"
                        + " 256 KiB scratchpad, 64 KiB accumulator, 4 banks of 16-byte rows, 128-bit DMA bus,"
                        + " 16 memory requests in flight per DMA engine (max_in_flight_mem_reqs), two weight"
                        + " registers per PE (the next tile preloads while the last one drains)."
                        + " Its per-tensor float scale with ties-to-even is modelled as a 32-bit fixed-point"
                        + " multiplier rounded once. Clock 1 GHz and DRAM geometry and latencies are assumed.",
                new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LINEAR, 2),
                new SramConfig(256, 64, 4, 16),
                new HbmConfig(1, 8, 16, 64, 2048, 14, 42, 256, 1024),
                new QuantConfig(QuantScheme.LINEAR, RoundingMode.HALF_EVEN, RequantPath.SINGLE_ROUNDING,
                        Granularity.PER_TENSOR, true, 8, 8, 32, 16, 1),
                new ClockConfig(1000),
                new ControlConfig(ControlConfig.DEFAULT_QUEUE_DEPTH, 16, ControlConfig.DEFAULT_FETCH_BUFFER));
    }

    public static ChipConfig eyeriss() {
        return new ChipConfig("eyeriss",
                "Eyeriss v1 (Chen et al., ISSCC 2016) as SCALE-Sim models it: 12x14 weight-stationary (the real"
                        + " chip is row-stationary), 16-bit fixed-point operands, 200 MHz, 108 KiB global buffer"
                        + " split 72 KiB inputs and weights + 36 KiB partial sums as in SCALE-Sim's eyeriss.cfg,"
                        + " 64-bit off-chip bus. Assumed: 32-bit accumulators, power-of-two scales with floor"
                        + " (an arithmetic shift), banking, DRAM geometry and latencies. Energies: Eyeriss's"
                        + " normalized costs (Chen et al., ISCA 2016) with a 16-bit MAC as 1 pJ: register 1x,"
                        + " PE to PE 2x, global buffer 6x, DRAM 200x per 16-bit word.",
                new ArrayConfig(12, 14, Dataflow.WS, 16, 32, PeType.LINEAR),
                new SramConfig(72, 36, 4, 8),
                new HbmConfig(1, 8, 8, 64, 2048, 3, 9, 256, 1024),
                QuantConfig.powerOfTwo(RoundingMode.FLOOR, 16),
                new ClockConfig(200))
                .withEnergy(EnergyConfig.eyerissNormalized());
    }

    public static ChipConfig edgeCmsis() {
        return new ChipConfig("edge-cmsis",
                "A small edge NPU in the TFLite / CMSIS-NN style (Ethos-U-like, not a model of one product):"
                        + " 8x8 output-stationary int8, per-channel symmetric weights, asymmetric activations,"
                        + " gemmlowp double rounding with ties away from zero as TFLite and CMSIS-NN document."
                        + " Assumed: 500 MHz, 64 KiB + 16 KiB SRAM, one 64-bit memory channel and its latencies.",
                new ArrayConfig(8, 8, Dataflow.OS, 8, 32, PeType.LINEAR),
                new SramConfig(64, 16, 2, 8),
                new HbmConfig(1, 8, 8, 64, 1024, 7, 21, 256, 256),
                QuantConfig.tfliteInt8(),
                new ClockConfig(500));
    }

    public static ChipConfig vitisDpu() {
        return new ChipConfig("vitis-dpu",
                "AMD Vitis AI DPU (DPUCZDX8G B512 class, 256 MACs per cycle) at 300 MHz: power-of-two scales"
                        + " with ties toward +infinity, as Vitis AI documents for DPU activations. The DPU is not"
                        + " a systolic array: its MACs are modelled as 16x16 weight-stationary. Assumed: SRAM sizes,"
                        + " two 128-bit DDR4 ports, DRAM geometry and latencies.",
                new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(128, 32, 8, 16),
                new HbmConfig(2, 16, 16, 64, 2048, 5, 13, 256, 4096),
                QuantConfig.powerOfTwo(RoundingMode.HALF_UP, 8),
                new ClockConfig(300));
    }

    public static ChipConfig nnie() {
        return new ChipConfig("nnie",
                "HiSilicon NNIE: data quantized in the log domain, 16 steps per octave, 8-bit codes (sign and"
                        + " 7-bit magnitude), round to nearest. Linear PEs, because codes 1/16 octave apart are not"
                        + " whole powers of two and a shift-only log PE cannot multiply them; codes are assumed to"
                        + " be decoded to 16-bit operands before the array. Assumed: 16x16 weight-stationary,"
                        + " 600 MHz, SRAM sizes, one 64-bit DRAM channel and its latencies.",
                new ArrayConfig(16, 16, Dataflow.WS, 16, 32, PeType.LINEAR),
                new SramConfig(256, 64, 4, 16),
                new HbmConfig(1, 8, 8, 64, 2048, 8, 25, 256, 2048),
                QuantConfig.nnieLog(),
                new ClockConfig(600));
    }

    public static ChipConfig vta() {
        return new ChipConfig("vta",
                "TVM VTA default config on PYNQ at 100 MHz: 16x16 int8 GEMM core with int32 accumulators,"
                        + " 32 KiB input + 256 KiB weight buffers (scratchpad), 128 KiB accumulator buffer,"
                        + " power-of-two requantization by the ALU's arithmetic shift right (floor), 64-bit AXI"
                        + " port to 512 MiB DDR3. Assumed: weight-stationary dataflow, DRAM geometry and latencies.",
                new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(288, 128, 1, 16),
                new HbmConfig(1, 8, 8, 64, 2048, 2, 5, 256, 512),
                QuantConfig.powerOfTwo(RoundingMode.FLOOR, 8),
                new ClockConfig(100));
    }

    public static ChipConfig ascendCube() {
        return new ChipConfig("ascend-cube",
                "Huawei Ascend Da Vinci cube unit at 1 GHz, modelled as a 16x16 weight-stationary int8 array"
                        + " (the cube computes 16x16x16 per cycle): L1 1 MiB as scratchpad, L0C 256 KiB as"
                        + " accumulator, linear requantization rounded once with ties to even (Ascend's default"
                        + " \"Round\"). Memory: 32 HBM2 channels x 32 B/cycle = 1.02 TB/s. Assumed: per-channel"
                        + " weights, banking, HBM geometry and latencies.",
                new ArrayConfig(16, 16, Dataflow.WS, 8, 32, PeType.LINEAR),
                new SramConfig(1024, 256, 16, 32),
                new HbmConfig(32, 16, 32, 64, 1024, 14, 42, 256, 32768),
                QuantConfig.linearInt8(RoundingMode.HALF_EVEN, Granularity.PER_CHANNEL),
                new ClockConfig(1000));
    }
}
