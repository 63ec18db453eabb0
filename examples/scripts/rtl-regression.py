# An RTL regression: seeded random programs on three small chips (a WS, an OS and an IS array),
# each program run on the simulator and on the chip's RTL under Verilator and compared exactly
# (every counter, the final HBM, each instruction's last cycle). The first RTL build of a chip takes
# minutes; builds are cached by config hash. Exit 1 if any program differed.
#
#   npu script examples/scripts/rtl-regression.py [PROGRAMS] [SEED]
#
# PROGRAMS: random programs per chip (default 4); SEED: their seed (default 1).
import sys

programs = int(sys.argv[1]) if len(sys.argv) > 1 else 4
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1

chips = [npu.chip("gemmini").with_(rows=4, cols=4, dataflow="ws"),
         npu.chip("gemmini").with_(rows=4, cols=4, dataflow="os"),
         npu.chip("edge-cmsis").with_(rows=4, cols=4, dataflow="is")]

rows = []
failed = 0
for chip in chips:
    v = npu.verify(chip, random=programs, seed=seed, regression=False)
    for p in v.programs():
        if not p.passed():
            print p
    rows.append([chip.name(), chip.get("dataflow"), v.passed(), v.failed()])
    failed += v.failed()

print npu.table(["chip", "dataflow", "passed", "failed"], rows)
print "%d programs on %d chips, %d failed" % (programs * len(chips), len(chips), failed)
sys.exit(1 if failed else 0)
