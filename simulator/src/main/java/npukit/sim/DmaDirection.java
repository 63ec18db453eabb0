package npukit.sim;

import npukit.isa.Instruction;
import npukit.sim.hbm.HbmModel;

/**
 * What differs between the LOAD and the STORE engine: which way the bytes move and when the SRAM row
 * is touched. A LOAD reads HBM at issue and writes its bytes into the row when the response is
 * accepted; a STORE reads the row and writes HBM at issue, and its response only completes it.
 */
enum DmaDirection {
    LOAD {
        @Override
        long issue(HbmModel hbm, long cycle, long addr, int len, RowMemory row, long sramRow, int sramOffset,
                byte[] buffer) {
            return hbm.read(cycle, addr, len, buffer, 0);
        }

        @Override
        long issueTiming(HbmModel hbm, long cycle, long addr, int len) {
            return hbm.read(cycle, addr, len);
        }

        @Override
        void accept(RowMemory row, long sramRow, int sramOffset, byte[] buffer, int len) {
            row.write(sramRow, sramOffset, buffer, 0, len);
        }

        @Override
        boolean readsSramAtIssue() {
            return false;
        }

        @Override
        DmaTransfer transfer(Instruction ins) {
            return DmaTransfer.of((Instruction.Load) ins);
        }
    },
    STORE {
        @Override
        long issue(HbmModel hbm, long cycle, long addr, int len, RowMemory row, long sramRow, int sramOffset,
                byte[] buffer) {
            row.read(sramRow, sramOffset, buffer, 0, len);
            return hbm.write(cycle, addr, len, buffer, 0);
        }

        @Override
        long issueTiming(HbmModel hbm, long cycle, long addr, int len) {
            return hbm.write(cycle, addr, len);
        }

        @Override
        void accept(RowMemory row, long sramRow, int sramOffset, byte[] buffer, int len) {
            // The bytes went to HBM at issue; the response only retires the request.
        }

        @Override
        boolean readsSramAtIssue() {
            return true;
        }

        @Override
        DmaTransfer transfer(Instruction ins) {
            return DmaTransfer.of((Instruction.Store) ins);
        }
    };

    /**
     * Applies a request issued in {@code cycle} to the HBM and the SRAM row (functional mode), moving the
     * bytes through {@code buffer}, which the request keeps until its response is accepted. Returns the
     * cycle its response is ready.
     */
    abstract long issue(HbmModel hbm, long cycle, long addr, int len, RowMemory row, long sramRow, int sramOffset,
            byte[] buffer);

    /**
     * As {@link #issue}, timing-only: the HBM's timing alone. Kept apart because HotSpot does not inline a
     * call whose signature names a class not yet loaded, and a timing-only run never loads {@code RowMemory}.
     */
    abstract long issueTiming(HbmModel hbm, long cycle, long addr, int len);

    /** Applies an accepted response, whose bytes are in {@code buffer}, to the row (functional mode only). */
    abstract void accept(RowMemory row, long sramRow, int sramOffset, byte[] buffer, int len);

    /** The transfer of this engine's instruction (a LOAD for the load engine, a STORE for the store engine). */
    abstract DmaTransfer transfer(Instruction ins);

    /** True if the SRAM is read once per request at issue; otherwise it is written once per response. */
    abstract boolean readsSramAtIssue();
}
