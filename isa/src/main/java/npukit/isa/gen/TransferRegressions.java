package npukit.isa.gen;

import static npukit.isa.gen.TokenFlag.POP_NEXT;
import static npukit.isa.gen.TokenFlag.POP_PREV;
import static npukit.isa.gen.TokenFlag.PUSH_NEXT;
import static npukit.isa.gen.TokenFlag.PUSH_PREV;

import java.util.ArrayList;
import java.util.List;
import npukit.arch.config.ChipConfig;
import npukit.arch.config.HbmConfig;
import npukit.isa.Geometry;
import npukit.isa.MemorySpace;
import npukit.isa.ValuOp;

/** The regression programs of the DMA engines and of the token and queue machinery. */
final class TransferRegressions {

    private TransferRegressions() {
    }

    /**
     * LOADs and STOREs whose rows start off burst boundaries and are strided so that every row splits
     * into several requests; a stream of row misses on one channel that holds more requests
     * outstanding than the engine may have; partial rows, a broadcast (stride 0), strides that jump HBM rows and channels, and
     * STOREs whose rows overlap (later rows win).
     */
    static NamedProgram stridedTransfers(ChipConfig chip, long seed) {
        ProgramKit kit = new ProgramKit(chip, "dma-strided", seed);
        Geometry g = kit.g;
        HbmConfig hbm = chip.hbm();
        long burst = g.burstBytes();
        long e = g.elementBytes();
        long accRow = g.accRowBytes();
        long spRow = g.spRowBytes();
        kit.setUpRelay();

        long accRows = Math.min(12, g.accRows() - 1);
        long accAt = kit.accRows(accRows);
        // Multiples of 4 keep every accumulator element whole whatever the burst size.
        long accStride = accRow + 4 * burst + 4;
        long accSrc = placeAcc(kit, accRows, accStride, accRow, burst / 2 + 4);

        long spRows = 2L * g.d();
        long partial = Math.max(e, spRow - e);
        long spStride = spRow * 3 + e;
        long spAt = kit.spRows(spRows);
        long spSrc = placeSp(kit, spRows, spStride, partial, e * (burst / e / 2 + 1));

        long bcRows = 4;
        long bcAt = kit.spRows(bcRows);
        long bcSrc = placeSp(kit, 1, 0, spRow, e);

        long farRows = 6;
        long farStride = (long) hbm.rowBytes() * hbm.channels() * hbm.banksPerChannel() + 4L * e;
        long farAt = kit.spRows(farRows);
        long farSrc = placeSp(kit, farRows, farStride, spRow, 0);

        // One request per row, every row on the same channel and bank but another HBM row: each is a
        // row miss queued behind the last on the channel, so requests pile up past the engine's limit
        // whenever a request takes more than one cycle to transfer or a row miss more than the limit.
        int limit = chip.control().dmaOutstanding();
        long pileRows = Math.max(1, Math.min(Math.max(24, 3L * limit), g.accRows() - accRows - 1));
        long pileBytes = Math.max(4, Math.min(burst, accRow) / 4 * 4);
        long period = (long) hbm.rowBytes() * hbm.banksPerChannel() * hbm.channels();
        long pileStride = period * ((pileBytes + period - 1) / period);
        long pileAt = kit.accRows(pileRows);
        long pileSrc = placeAcc(kit, pileRows, pileStride, pileBytes, 0);

        kit.b.load(MemorySpace.ACC, accAt, new Transfer(accSrc, accRows, accRow, accStride));
        kit.b.load(MemorySpace.ACC, pileAt, new Transfer(pileSrc, pileRows, pileBytes, pileStride));
        kit.b.load(MemorySpace.SP, spAt, new Transfer(spSrc, spRows, partial, spStride));
        kit.b.load(MemorySpace.SP, bcAt, new Transfer(bcSrc, bcRows, spRow, 0));
        kit.b.load(MemorySpace.SP, farAt, new Transfer(farSrc, farRows, spRow, farStride), PUSH_NEXT);
        kit.relay(POP_PREV, PUSH_NEXT);

        kit.b.store(MemorySpace.ACC, pileAt, new Transfer(canary(kit, pileRows, pileStride, pileBytes, 0),
                pileRows, pileBytes, pileStride), POP_PREV);
        long accOutStride = accRow + 12;
        kit.b.store(MemorySpace.ACC, accAt, new Transfer(canary(kit, accRows, accOutStride, accRow, burst - 4),
                accRows, accRow, accOutStride));
        long spOutStride = spStride + 2 * e;
        kit.b.store(MemorySpace.SP, spAt, new Transfer(canary(kit, spRows, spOutStride, partial, e),
                spRows, partial, spOutStride));
        long overlap = Math.max(e, spRow / 2 / e * e);
        kit.b.store(MemorySpace.SP, bcAt, new Transfer(canary(kit, bcRows, overlap, spRow, 3 * e),
                bcRows, spRow, overlap));
        kit.b.store(MemorySpace.SP, spAt, new Transfer(canary(kit, 3, 0, partial, e), 3, partial, 0));
        kit.b.store(MemorySpace.SP, farAt, new Transfer(canary(kit, farRows, farStride, spRow, 2 * e),
                farRows, spRow, farStride));
        return kit.named("dma-strided", "unaligned, strided and partial-row LOADs and STOREs split into many bursts,"
                + " more requests than the engines may have outstanding, stride 0, far strides, overlapping STORE rows");
    }

    /**
     * Four accumulator blocks through two regions: the STORE of block i runs while the LOAD of block
     * i+1 fills the other region. A compute relay hands each block on; the relay of block i also
     * waits for the STORE of block i-1, so the LOAD of block i+1, which waits for that relay, never
     * overwrites a region in use. Each LOAD comes before the relay it waits for in program order.
     */
    static NamedProgram loadStoreOverlap(ChipConfig chip, long seed) {
        ProgramKit kit = new ProgramKit(chip, "dma-overlap", seed);
        Geometry g = kit.g;
        kit.setUpRelay();
        int blocks = 4;
        long rows = Math.max(1, Math.min(24, (g.accRows() - 1) / 2));
        long[] region = {kit.accRows(rows), kit.accRows(rows)};
        HbmMatrix in = kit.accImage(blocks * rows, g.cols());
        HbmMatrix out = kit.output(blocks * rows, g.cols(), 4, false);

        kit.b.load(MemorySpace.ACC, region[0], in.tile(0, 0, rows, g.cols()), PUSH_NEXT);
        for (int i = 0; i < blocks; i++) {
            if (i + 1 < blocks) {
                // From block 2 on, this LOAD pops the C->L token of the relay just below it in program
                // order: it waits in the load queue while the dispatcher goes on to that relay.
                TokenFlag[] flags = i + 1 >= 2 ? new TokenFlag[] {POP_NEXT, PUSH_NEXT} : new TokenFlag[] {PUSH_NEXT};
                kit.b.load(MemorySpace.ACC, region[(i + 1) % 2], in.tile((i + 1) * rows, 0, rows, g.cols()), flags);
            }
            List<TokenFlag> relay = new ArrayList<>(List.of(POP_PREV, PUSH_NEXT));
            if (i >= 1) {
                relay.add(POP_NEXT);
            }
            if (i + 1 >= 2 && i + 1 < blocks) {
                relay.add(PUSH_PREV);
            }
            kit.relay(relay.toArray(TokenFlag[]::new));
            TokenFlag[] store = i + 1 < blocks ? new TokenFlag[] {POP_PREV, PUSH_PREV} : new TokenFlag[] {POP_PREV};
            kit.b.store(MemorySpace.ACC, region[i % 2], out.tile(i * rows, 0, rows, g.cols()), store);
        }
        return kit.named("dma-overlap", blocks + " blocks of " + rows
                + " accumulator rows: each block's STORE overlaps the next block's LOAD");
    }

    /**
     * Six rounds through two slots, each round four sub-block LOADs (one L->C token each), then two
     * halves of five compute instructions that pop them one by one, each half followed by the two
     * STOREs of its result (one C->S token per half); slots return by C->L and S->C. A round's compute
     * instructions fill the compute queue while its head waits, so the dispatcher stalls; each half's
     * first STORE reaches its queue right behind the compute instructions that produce its token, so
     * it waits for the token whatever the queue depth.
     */
    static NamedProgram tokenPipeline(ChipConfig chip, long seed) {
        ProgramKit kit = new ProgramKit(chip, "token-pipeline", seed);
        Geometry g = kit.g;
        int rounds = 6;
        int subs = 4;
        long sub = 2;
        long slotRows = subs * sub;
        long[] in = {kit.spRows(slotRows), kit.spRows(slotRows)};
        long[] out = {kit.spRows(slotRows), kit.spRows(slotRows)};
        HbmMatrix src = kit.spImage(rounds * slotRows, g.d());
        HbmMatrix dst = kit.output(rounds * slotRows, g.d(), g.elementBytes(), false);
        MemorySpace sp = MemorySpace.SP;
        for (int r = 0; r < rounds; r++) {
            int s = r % 2;
            for (int b = 0; b < subs; b++) {
                TokenFlag[] flags = b == 0 && r >= 2 ? new TokenFlag[] {POP_NEXT, PUSH_NEXT} : new TokenFlag[] {PUSH_NEXT};
                kit.b.load(sp, in[s] + b * sub, src.tile(r * slotRows + b * sub, 0, sub, g.d()), flags);
            }
            TokenFlag[] first = r >= 2 ? new TokenFlag[] {POP_PREV, POP_NEXT} : new TokenFlag[] {POP_PREV};
            for (int half = 0; half < 2; half++) {
                long i0 = in[s] + 2L * half * sub;
                long o0 = out[s] + 2L * half * sub;
                kit.b.valu(ValuOp.ADD, sp, o0, i0, i0, sub, half == 0 ? first : new TokenFlag[] {POP_PREV});
                kit.b.valuImm(ValuOp.MAX, sp, o0 + sub, i0 + sub, sub, -3, 0, POP_PREV);
                kit.b.valu(ValuOp.MIN, sp, o0, o0, o0 + sub, sub);
                kit.b.valuImm(ValuOp.SHR, sp, o0 + sub, o0 + sub, sub, 1, 0);
                List<TokenFlag> done = new ArrayList<>(List.of(PUSH_NEXT));
                if (half == 1 && r + 2 < rounds) {
                    done.add(PUSH_PREV);
                }
                kit.b.valuImm(ValuOp.CLAMP, sp, o0, o0, 2 * sub, -50, 60, done.toArray(TokenFlag[]::new));
                for (int b = 2 * half; b < 2 * half + 2; b++) {
                    List<TokenFlag> flags = new ArrayList<>();
                    if (b % 2 == 0) {
                        flags.add(POP_PREV);
                    }
                    if (b == subs - 1 && r + 2 < rounds) {
                        flags.add(PUSH_PREV);
                    }
                    kit.b.store(sp, out[s] + b * sub, dst.tile(r * slotRows + b * sub, 0, sub, g.d()),
                            flags.toArray(TokenFlag[]::new));
                }
            }
        }
        return kit.named("token-pipeline", rounds + " rounds of 4 LOADs, 10 VALUs and 4 STOREs with a token per"
                + " sub-block: counters above 1, token stalls on every unit, dispatch stalls");
    }

    /** Random accumulator elements covering rows runs of a strided transfer, placed off alignment. */
    private static long placeAcc(ProgramKit kit, long rows, long stride, long bytes, long offset) {
        long span = (rows - 1) * stride + bytes;
        return kit.b.hbm().place(kit.data.accumulators((span + 3) / 4, 1), kit.hbmAlignment(), Math.floorMod(offset, kit.hbmAlignment()));
    }

    /** Random scratchpad elements covering a strided transfer's runs, placed off alignment. */
    private static long placeSp(ProgramKit kit, long rows, long stride, long bytes, long offset) {
        long e = kit.g.elementBytes();
        long span = ((rows - 1) * stride + bytes + e - 1) / e;
        return kit.b.hbm().place(kit.data.operands(span, 1), kit.hbmAlignment(), Math.floorMod(offset, kit.hbmAlignment()));
    }

    /** A canary-filled output region for a strided STORE, placed off alignment. */
    private static long canary(ProgramKit kit, long rows, long stride, long bytes, long offset) {
        long span = (rows - 1) * stride + bytes;
        return kit.b.hbm().place(kit.data.canary(span), kit.hbmAlignment(), Math.floorMod(offset, kit.hbmAlignment()));
    }
}
