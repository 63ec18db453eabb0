# The MNIST CNN on one chip under every rounding mode: each mode is a variant of the chip
# (quant.rounding), compiled and run on the simulator over the test digits, compared with float.
#
#   npu script examples/scripts/rounding-modes.py [CHIP] [SAMPLES]
#
# CHIP: a preset or chip file (default gemmini); SAMPLES: digits run per mode (default all 62).
import sys

chip = npu.chip(sys.argv[1] if len(sys.argv) > 1 else "gemmini")
samples = int(sys.argv[2]) if len(sys.argv) > 2 else None
mnist = npu.mnist()

rows = []
for mode in npu.rounding_modes():
    e = npu.run(mnist, chip.with_(rounding=mode), samples=samples).evaluation()
    rows.append([mode, e.samples(), "%.4f" % (float(e.correct()) / e.labelled()),
                 "%.4f" % (float(e.agree()) / e.samples()), "%.2f" % e.outputSqnrDb()])

print "MNIST CNN on %s, %d rounding modes" % (chip, len(rows))
print npu.table(["rounding", "samples", "top1", "agreement", "sqnr_db"], rows)
best = max(rows, key=lambda r: float(r[4]))
print
print "highest SQNR: %s (%s dB)" % (best[0], best[4])
