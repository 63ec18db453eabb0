package npukit.isa.gen;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Instruction;
import npukit.isa.Program;

/**
 * No instruction reads a byte that neither the HBM image nor an earlier instruction has written.
 * The spec leaves the scratchpad and accumulator contents at reset unstated, so a program that read
 * them could pass or fail co-validation by accident. In a race-free program every read is ordered
 * after the writes it sees, so replaying the instructions in any completion order the tokens allow
 * sees the same defined bytes.
 */
final class DefinedReads {

    private DefinedReads() {
    }

    static List<String> problems(Program program, Geometry g, TokenFlow flow) {
        Map<Access.Space, IntervalSet> written = new EnumMap<>(Access.Space.class);
        for (Access.Space s : Access.Space.values()) {
            written.put(s, new IntervalSet());
        }
        for (HbmSegment seg : program.hbmImage()) {
            written.get(Access.Space.HBM).add(seg.address(), seg.end());
        }
        List<String> out = new ArrayList<>();
        List<Instruction> ins = program.instructions();
        for (int i : flow.executionOrder()) {
            List<Access> accesses = Footprint.of(ins.get(i), g);
            for (Access a : accesses) {
                if (!a.write()) {
                    String missing = firstUndefined(a, written.get(a.space()), g);
                    if (missing != null) {
                        out.add("instruction " + i + " (" + ins.get(i).opcode() + "): reads " + missing
                                + ", which nothing has written before it");
                        break;
                    }
                }
            }
            for (Access a : accesses) {
                if (a.write()) {
                    for (long r = 0; r < a.rows(); r++) {
                        written.get(a.space()).add(a.runStart(r), a.runStart(r) + a.bytes());
                    }
                }
            }
        }
        return out;
    }

    private static String firstUndefined(Access a, IntervalSet written, Geometry g) {
        for (long r = 0; r < a.rows(); r++) {
            long s = a.runStart(r);
            long at = written.firstMissing(s, s + a.bytes());
            if (at < s + a.bytes()) {
                if (a.space() == Access.Space.HBM) {
                    return "HBM byte 0x" + Long.toHexString(at);
                }
                long rowBytes = a.stride();
                return a.space().label() + " row " + at / rowBytes + " byte " + at % rowBytes;
            }
        }
        return null;
    }
}
