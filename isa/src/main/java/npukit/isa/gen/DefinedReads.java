package npukit.isa.gen;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import npukit.isa.Geometry;
import npukit.isa.HbmSegment;
import npukit.isa.Instruction;
import npukit.isa.MemorySpace;
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
        Map<Access.Space, ByteSet> written = new EnumMap<>(Access.Space.class);
        written.put(Access.Space.SP, new RowPrefixes(g.rows(MemorySpace.SP), g.rowBytes(MemorySpace.SP)));
        written.put(Access.Space.ACC, new RowPrefixes(g.rows(MemorySpace.ACC), g.rowBytes(MemorySpace.ACC)));
        IntervalSet hbm = new IntervalSet();
        written.put(Access.Space.HBM, hbm);
        for (HbmSegment seg : program.hbmImage()) {
            hbm.add(seg.address(), seg.end());
        }
        List<String> out = new ArrayList<>();
        List<Instruction> ins = program.instructions();
        for (int i : flow.executionOrder()) {
            List<Access> accesses = Footprint.of(ins.get(i), g);
            for (Access a : accesses) {
                if (!a.write()) {
                    String missing = firstUndefined(a, written.get(a.space()));
                    if (missing != null) {
                        out.add("instruction " + i + " (" + ins.get(i).opcode() + "): reads " + missing
                                + ", which nothing has written before it");
                        break;
                    }
                }
            }
            for (Access a : accesses) {
                if (a.write()) {
                    written.get(a.space()).addRuns(a.base(), a.rows(), a.bytes(), a.stride());
                }
            }
        }
        return out;
    }

    private static String firstUndefined(Access a, ByteSet written) {
        long at = written.firstMissingOfRuns(a.base(), a.rows(), a.bytes(), a.stride());
        if (at < 0) {
            return null;
        }
        if (a.space() == Access.Space.HBM) {
            return "HBM byte 0x" + Long.toHexString(at);
        }
        long rowBytes = a.stride();
        return a.space().label() + " row " + at / rowBytes + " byte " + at % rowBytes;
    }
}
