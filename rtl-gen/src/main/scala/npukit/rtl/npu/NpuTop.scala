package npukit.rtl.npu

import chisel3._
import chisel3.util._
import npukit.rtl.compute.ComputeUnit
import npukit.rtl.npu.ctrl.{Dispatcher, UnitFront}
import npukit.rtl.npu.dma.{DmaDirection, DmaEngine, HbmPort}

/** The NPU (microarchitecture.md): instruction memory and dispatcher, the load, compute and store
  * queues with their unit fronts and the four token counters, the two DMA engines, the compute unit,
  * the scratchpad and accumulator memories, and the performance counters.
  *
  * The program is written through `imem_*` while `run` is low; cycle 0 is the first with `run` high.
  * `done` rises in the cycle FINISH completes and stays high. Each DMA engine has its own HBM port;
  * the memory behind it answers with at most one response per cycle. `retire_<unit>_valid` is high
  * in each instruction's last cycle, with its program index. `events` gathers the single-bit outputs
  * a harness polls every cycle (done, both request valids, the three retires) into one word.
  */
class NpuTop(p: NpuParams, imemDepth: Int = NpuTop.DefaultImemDepth) extends Module {
  override def desiredName: String = "Npu"

  private val fields = new InstructionFields(p.format)
  private val indexBits = log2Ceil(imemDepth)

  val imem_we = IO(Input(Bool()))
  val imem_addr = IO(Input(UInt(indexBits.W)))
  val imem_data = IO(Input(UInt(128.W)))
  val run = IO(Input(Bool()))
  val done = IO(Output(Bool()))
  val hbm_load = IO(new HbmPort(p, DmaDirection.Load))
  val hbm_store = IO(new HbmPort(p, DmaDirection.Store))
  val retire_load = IO(Output(new NpuTop.Retire(indexBits)))
  val retire_compute = IO(Output(new NpuTop.Retire(indexBits)))
  val retire_store = IO(Output(new NpuTop.Retire(indexBits)))
  val events = IO(Output(UInt(6.W)))

  private val dispatcher = Module(new Dispatcher(fields, imemDepth))
  dispatcher.io.imemWrite.valid := imem_we
  dispatcher.io.imemWrite.bits.index := imem_addr
  dispatcher.io.imemWrite.bits.instr := imem_data
  dispatcher.io.run := run
  done := dispatcher.io.done

  private val queues = dispatcher.io.enq.map(Queue(_, p.queueDepth))
  private val Seq(loadFront, computeFront, storeFront) =
    Seq((false, true), (true, true), (true, false)).zip(queues).map { case ((hasPrev, hasNext), queue) =>
      val front = Module(new UnitFront(fields, indexBits, hasPrev, hasNext))
      front.io.queue <> queue
      front
    }
  private val fronts = Seq(loadFront, computeFront, storeFront)
  dispatcher.io.drained := queues.map(!_.valid).reduce(_ && _) && fronts.map(!_.io.busy).reduce(_ && _)

  // Token counters (microarchitecture.md, "Queues and tokens"), named by the direction they carry.
  private def tokenCounter(push: Bool, pop: Bool): Bool = {
    val count = RegInit(0.U(8.W))
    count := count + push.asUInt - pop.asUInt
    count =/= 0.U
  }
  private val loadToCompute = tokenCounter(loadFront.io.push.next, computeFront.io.pop.prev)
  private val computeToLoad = tokenCounter(computeFront.io.push.prev, loadFront.io.pop.next)
  private val computeToStore = tokenCounter(computeFront.io.push.next, storeFront.io.pop.prev)
  private val storeToCompute = tokenCounter(storeFront.io.push.prev, computeFront.io.pop.next)
  loadFront.io.tokens.prev := false.B
  loadFront.io.tokens.next := computeToLoad
  computeFront.io.tokens.prev := loadToCompute
  computeFront.io.tokens.next := storeToCompute
  storeFront.io.tokens.prev := computeToStore
  storeFront.io.tokens.next := false.B

  private val loadDma = Module(new DmaEngine(p, fields, DmaDirection.Load))
  private val storeDma = Module(new DmaEngine(p, fields, DmaDirection.Store))
  private val compute = Module(new ComputeUnit(p))
  for ((front, start, instr, last) <- Seq(
      (loadFront, loadDma.io.start, loadDma.io.instr, loadDma.io.last),
      (computeFront, compute.io.start, compute.io.instr, compute.io.last),
      (storeFront, storeDma.io.start, storeDma.io.instr, storeDma.io.last))) {
    start := front.io.start
    instr := front.io.instr
    front.io.unitLast := last
  }
  hbm_load <> loadDma.io.hbm
  hbm_store <> storeDma.io.hbm

  private val spReaders = compute.io.spRead ++ storeDma.io.spRead
  private val spWriters = compute.io.spWrite +: loadDma.io.spWrite.toSeq
  private val accReaders = compute.io.accRead ++ storeDma.io.accRead
  private val accWriters = compute.io.accWrite +: loadDma.io.accWrite.toSeq
  RowMemory(p.spRows, p.spRowBits / 8, spReaders, spWriters)
  RowMemory(p.accRows, p.accRowBits / 8, accReaders, accWriters)

  for ((port, front) <- Seq(retire_load, retire_compute, retire_store).zip(fronts)) {
    port.valid := front.io.retire.valid
    port.index := front.io.retire.bits
  }
  events := Cat(retire_store.valid, retire_compute.valid, retire_load.valid,
    hbm_store.req.valid, hbm_load.req.valid, done)

  private def bytes(port: HbmPort): UInt = Mux(port.req.valid, port.req.len, 0.U)
  private val units = Seq("load", "compute", "store")
  PerfCounters(dispatcher.io.running, Map(
    "cycles" -> 1.U,
    "macs" -> compute.io.macs,
    "array_busy" -> compute.io.gemmActive.asUInt,
    "hbm_read_bytes" -> bytes(hbm_load),
    "hbm_write_bytes" -> bytes(hbm_store),
    "sp_reads" -> PopCount(spReaders.map(_.en)),
    "sp_writes" -> PopCount(spWriters.map(_.en)),
    "acc_reads" -> PopCount(accReaders.map(_.en)),
    "acc_writes" -> PopCount(accWriters.map(_.en)),
    "outstanding_stall_load" -> loadDma.io.outstandingStall.asUInt,
    "outstanding_stall_store" -> storeDma.io.outstandingStall.asUInt
  ) ++ units.zip(fronts).flatMap { case (unit, front) =>
    Seq(s"busy_$unit" -> front.io.busy.asUInt, s"token_stall_$unit" -> front.io.tokenStall.asUInt)
  } ++ units.zip(dispatcher.io.dispatchStall).map { case (unit, stall) => s"dispatch_stall_$unit" -> stall.asUInt })
}

object NpuTop {
  val DefaultImemDepth = 4096

  /** Bit positions in the `events` port. */
  val EventDone = 0
  val EventLoadRequest = 1
  val EventStoreRequest = 2
  val EventRetireLoad = 3
  val EventRetireCompute = 4
  val EventRetireStore = 5

  class Retire(indexBits: Int) extends Bundle {
    val valid = Bool()
    val index = UInt(indexBits.W)
  }
}
