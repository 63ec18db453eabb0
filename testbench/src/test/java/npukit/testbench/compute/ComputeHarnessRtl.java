package npukit.testbench.compute;

import npukit.arch.config.ChipConfig;
import npukit.rtl.compute.ComputeHarness;
import npukit.testbench.RtlModel;
import npukit.testbench.VerilatorBuild;

/**
 * The generated compute harness under Verilator: rows are written and read between instructions,
 * and an instruction is run cycle by cycle, recording what the spec fixes about it.
 */
final class ComputeHarnessRtl {

    /** What one instruction did: its last cycle (0 = the start cycle) and its counted accesses. */
    record Run(int lastCycle, long spReads, long spWrites, long accReads, long accWrites, long gemmCycles,
            long macs, boolean macsOnlyInLastCycle) {
    }

    private static final int MAX_CYCLES = 10_000;

    private final RtlModel m;
    private final int start;
    private final int instr;
    private final int busy;
    private final int last;
    private final int gemmActive;
    private final int macs;
    private final int[] spRead;
    private final int spWrite;
    private final int[] accRead;
    private final int accWrite;

    ComputeHarnessRtl(ChipConfig chip) {
        this.m = RtlModel.load(VerilatorBuild.atDefaultCache(), ComputeHarness.verilog(chip), "ComputeHarness");
        this.start = m.port("io_start");
        this.instr = m.port("io_instr");
        this.busy = m.port("io_busy");
        this.last = m.port("io_last");
        this.gemmActive = m.port("io_gemmActive");
        this.macs = m.port("io_macs");
        this.spRead = new int[] {m.port("io_spReadEn_0"), m.port("io_spReadEn_1")};
        this.spWrite = m.port("io_spWriteEn");
        this.accRead = new int[] {m.port("io_accReadEn_0"), m.port("io_accReadEn_1")};
        this.accWrite = m.port("io_accWriteEn");
        m.reset(2);
    }

    void writeSp(int row, byte[] bytes) {
        write("io_spLoad", row, bytes);
    }

    void writeAcc(int row, byte[] bytes) {
        write("io_accLoad", row, bytes);
    }

    private void write(String port, int row, byte[] bytes) {
        m.poke(m.port(port + "_en"), 1);
        m.poke(m.port(port + "_addr"), row);
        m.pokeBytes(m.port(port + "_data"), bytes, 0, bytes.length);
        int mask = m.port(port + "_mask");
        m.pokeBytes(mask, allOnes(m.width(mask)), 0, (m.width(mask) + 7) / 8);
        m.step(1);
        m.poke(m.port(port + "_en"), 0);
    }

    private static byte[] allOnes(int bits) {
        byte[] b = new byte[(bits + 7) / 8];
        for (int i = 0; i < bits; i++) {
            b[i / 8] |= (byte) (1 << (i % 8));
        }
        return b;
    }

    byte[] readSp(int row) {
        return read("io_spPeek", row);
    }

    byte[] readAcc(int row) {
        return read("io_accPeek", row);
    }

    private byte[] read(String port, int row) {
        m.poke(m.port(port + "Addr"), row);
        m.eval();
        return m.peekBytes(m.port(port + "Data"));
    }

    /** Starts the instruction in this cycle and runs it to its last cycle; the next cycle is free. */
    Run execute(byte[] word) {
        m.poke(start, 1);
        m.pokeBytes(instr, word, 0, word.length);
        long[] counts = new long[5];
        long gemm = 0;
        long macSum = 0;
        boolean macsInLast = true;
        for (int cycle = 0; cycle < MAX_CYCLES; cycle++) {
            m.eval();
            if (m.peek(busy) != 1) {
                throw new AssertionError("busy is low in cycle " + cycle + " of the instruction");
            }
            counts[0] += m.peek(spRead[0]) + m.peek(spRead[1]);
            counts[1] += m.peek(spWrite);
            counts[2] += m.peek(accRead[0]) + m.peek(accRead[1]);
            counts[3] += m.peek(accWrite);
            gemm += m.peek(gemmActive);
            long mac = m.peek(macs);
            macSum += mac;
            boolean isLast = m.peek(last) == 1;
            macsInLast &= isLast || mac == 0;
            m.step(1);
            m.poke(start, 0);
            if (isLast) {
                m.eval();
                if (m.peek(busy) != 0) {
                    throw new AssertionError("busy is still high in the cycle after the last one");
                }
                return new Run(cycle, counts[0], counts[1], counts[2], counts[3], gemm, macSum, macsInLast);
            }
        }
        throw new AssertionError("no last cycle within " + MAX_CYCLES + " cycles");
    }
}
