# Square array sizes x the WS and OS dataflows for ResNet-18's layer shapes (SCALE-Sim topology),
# timed on the simulator's timing-only path: one table row per point.
#
#   npu script examples/scripts/array-sizes.py [SIZES] [LAYERS]
#
# SIZES: array sizes separated by commas (default 16,32,64); LAYERS: time only the first LAYERS layers
# of the topology (default: all 21).
import os
import sys

sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "16,32,64").split(",")]
topology = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "workloads", "scalesim",
                        "conv_nets", "Resnet18.csv")
if len(sys.argv) > 2:
    resnet = npu.topology(topology, int(sys.argv[2]))
else:
    resnet = npu.topology(topology)

base = npu.chip("gemmini")
chips = [base.with_(rows=n, cols=n, dataflow=flow) for flow in ("ws", "os") for n in sizes]
results = npu.sweep(chips, [resnet])

rows = []
for r in results.rows():
    if not r.ok():
        rows.append([r.chip().dataflow(), "%dx%d" % (r.chip().rows(), r.chip().cols()), "failed: " + r.failure().get(),
                     "", "", ""])
        continue
    m = r.metrics().get()
    rows.append([r.chip().dataflow(), "%dx%d" % (r.chip().rows(), r.chip().cols()), m.cycles(),
                 "%.1f" % r.latencyMicros().get(), "%.3f" % r.utilisation().get(),
                 "%.1f" % r.energyMicrojoules().get()])

print "%s on %s with the array sizes %s" % (resnet.name(), base.name(), sizes)
print npu.table(["dataflow", "array", "cycles", "latency_us", "utilisation", "energy_uj"], rows)
