package npukit.isa.gen;

import java.util.ArrayList;
import java.util.List;
import npukit.isa.Geometry;
import npukit.isa.Instruction;

/**
 * microarchitecture.md, "Queues and tokens": a unit may not touch a scratchpad or accumulator row
 * another unit may be writing at the same time unless a token orders them. The same holds here for
 * HBM bytes a LOAD reads and a STORE writes, whose result would otherwise depend on timing.
 * Scratchpad and accumulator conflicts are per row, as the spec states them; HBM conflicts per byte.
 */
final class RaceCheck {

    private RaceCheck() {
    }

    static List<String> problems(List<Instruction> program, Geometry g, HappensBefore hb) {
        List<List<Access>> footprints = new ArrayList<>();
        for (Instruction ins : program) {
            footprints.add(Footprint.of(ins, g));
        }
        List<String> out = new ArrayList<>();
        for (int b = 0; b < program.size() - 1; b++) {
            for (int u = 0; u < hb.unitOf(b); u++) {
                for (int a : hb.concurrentWith(b, u)) {
                    String conflict = conflict(footprints.get(a), footprints.get(b), g);
                    if (conflict != null) {
                        int first = Math.min(a, b);
                        int second = Math.max(a, b);
                        out.add("instructions " + first + " (" + program.get(first).opcode() + ") and " + second + " ("
                                + program.get(second).opcode() + ") may run at the same time and both touch "
                                + conflict + ", one writing: a token must order them");
                    }
                }
            }
        }
        return out;
    }

    /** What two footprints share that one of them writes, or null. */
    private static String conflict(List<Access> x, List<Access> y, Geometry g) {
        for (Access p : x) {
            for (Access q : y) {
                if (p.space() != q.space() || !(p.write() || q.write())) {
                    continue;
                }
                if (p.space() == Access.Space.HBM) {
                    long at = firstCommonByte(p, q);
                    if (at >= 0) {
                        return "HBM byte 0x" + Long.toHexString(at);
                    }
                } else {
                    long rowBytes = p.stride();
                    long lo = Math.max(p.base() / rowBytes, q.base() / rowBytes);
                    long hi = Math.min((p.end() - 1) / rowBytes, (q.end() - 1) / rowBytes);
                    if (lo <= hi) {
                        return p.space().label() + " rows " + lo + ".." + hi;
                    }
                }
            }
        }
        return null;
    }

    /** The lowest byte both strided accesses touch, or -1. */
    private static long firstCommonByte(Access p, Access q) {
        if (p.end() <= q.base() || q.end() <= p.base()) {
            return -1;
        }
        IntervalSet qs = new IntervalSet();
        for (long r = 0; r < q.rows(); r++) {
            qs.add(q.runStart(r), q.runStart(r) + q.bytes());
        }
        long best = -1;
        for (long r = 0; r < p.rows(); r++) {
            long at = qs.firstPresent(p.runStart(r), p.runStart(r) + p.bytes());
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }
}
