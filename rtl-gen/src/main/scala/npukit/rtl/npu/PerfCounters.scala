package npukit.rtl.npu

import chisel3._

/** The performance counters of microarchitecture.md ("Performance counters"): 64-bit registers that
  * add their increment in every cycle of the run, each readable as an output port `counter_<name>`.
  * Called while the top module is being built, so the ports are the top's.
  */
object PerfCounters {
  val Names: Seq[String] = Seq(
    "cycles", "macs", "array_busy", "hbm_read_bytes", "hbm_write_bytes",
    "sp_reads", "sp_writes", "acc_reads", "acc_writes",
    "busy_load", "busy_compute", "busy_store",
    "token_stall_load", "token_stall_compute", "token_stall_store",
    "dispatch_stall_load", "dispatch_stall_compute", "dispatch_stall_store",
    "outstanding_stall_load", "outstanding_stall_store", "fetch_bytes", "fetch_stall")

  def apply(running: Bool, increments: Map[String, UInt]): Unit = {
    require(increments.keySet == Names.toSet,
      s"counters must be exactly the spec's: missing ${Names.filterNot(increments.contains)}, extra ${increments.keySet -- Names}")
    for (name <- Names) {
      val count = RegInit(0.U(64.W))
      when(running) {
        count := count + increments(name)
      }
      val port = IO(Output(UInt(64.W))).suggestName(s"counter_$name")
      port := count
    }
  }
}
