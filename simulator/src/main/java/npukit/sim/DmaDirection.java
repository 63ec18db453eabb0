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
        InFlight issue(HbmModel hbm, long cycle, DmaRequest req, RowMemory row) {
            if (row == null) {
                return new InFlight(req, hbm.read(cycle, req.hbmAddr(), req.length()), null);
            }
            byte[] data = new byte[req.length()];
            return new InFlight(req, hbm.read(cycle, req.hbmAddr(), req.length(), data, 0), data);
        }

        @Override
        void accept(InFlight done, RowMemory row) {
            if (row != null) {
                DmaRequest req = done.request();
                row.write(req.sramRow(), req.sramOffset(), done.data(), 0, req.length());
            }
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
        InFlight issue(HbmModel hbm, long cycle, DmaRequest req, RowMemory row) {
            if (row == null) {
                return new InFlight(req, hbm.write(cycle, req.hbmAddr(), req.length()), null);
            }
            byte[] data = new byte[req.length()];
            row.read(req.sramRow(), req.sramOffset(), data, 0, req.length());
            return new InFlight(req, hbm.write(cycle, req.hbmAddr(), req.length(), data, 0), null);
        }

        @Override
        void accept(InFlight done, RowMemory row) {
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

    /** An issued request, when its response is ready, and the bytes it carries into the row (LOAD only). */
    record InFlight(DmaRequest request, long ready, byte[] data) {
    }

    /**
     * Applies a request issued in {@code cycle} to the HBM, and to the SRAM row when {@code row} is not
     * null (functional mode).
     */
    abstract InFlight issue(HbmModel hbm, long cycle, DmaRequest req, RowMemory row);

    /** Applies an accepted response to the row (null in timing-only mode). */
    abstract void accept(InFlight done, RowMemory row);

    /** The transfer of this engine's instruction (a LOAD for the load engine, a STORE for the store engine). */
    abstract DmaTransfer transfer(Instruction ins);

    /** True if the SRAM is read once per request at issue; otherwise it is written once per response. */
    abstract boolean readsSramAtIssue();
}
