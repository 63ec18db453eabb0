package npukit.rtl.npu

import chisel3._
import chisel3.util._
import npukit.arch.config.ControlConfig
import npukit.rtl.compute.ComputeUnit
import npukit.rtl.npu.ctrl.{Dispatcher, UnitFront}
import npukit.rtl.npu.dma.{DmaDirection, DmaEngine, HbmPort}
import npukit.rtl.npu.fetch.{FetchPort, FetchUnit}

/** The NPU (microarchitecture.md): the fetch unit and dispatcher, the load, compute and store queues
  * with their unit fronts and the four token counters, the two DMA engines, the compute unit, the
  * scratchpad and accumulator memories, and the performance counters.
  *
  * The program lies in HBM (isa.md, "Where the instructions lie"): `code_addr` and `code_count` say
  * where and how many instructions, and must hold steady while `run` is high; cycle 0 is the first
  * with `run` high. `done` rises in the cycle FINISH completes and stays high. The fetch unit and each
  * DMA engine have their own HBM port; the memory behind each answers with at most one response per
  * cycle. `retire_<unit>_valid` is high in each instruction's last cycle, with its program index.
  * `events` gathers the single-bit outputs a harness polls every cycle (done, the three request valids,
  * the three retires) into one word.
  */
class NpuTop(p: NpuParams) extends Module {
  override def desiredName: String = "Npu"

  private val fields = new InstructionFields(p.format)
  private val indexBits = p.indexBits

  val code_addr = IO(Input(UInt(p.hbmAddrBits.W)))
  val code_count = IO(Input(UInt((indexBits + 1).W)))
  val run = IO(Input(Bool()))
  val done = IO(Output(Bool()))
  val hbm_fetch = IO(new FetchPort(p))
  val hbm_load = IO(new HbmPort(p, DmaDirection.Load))
  val hbm_store = IO(new HbmPort(p, DmaDirection.Store))
  val retire_load = IO(Output(new NpuTop.Retire(indexBits)))
  val retire_compute = IO(Output(new NpuTop.Retire(indexBits)))
  val retire_store = IO(Output(new NpuTop.Retire(indexBits)))
  val events = IO(Output(UInt(7.W)))

  private val fetch = Module(new FetchUnit(p))
  private val dispatcher = Module(new Dispatcher(fields, indexBits))
  fetch.io.codeAddr := code_addr
  fetch.io.codeCount := code_count
  fetch.io.run := dispatcher.io.running
  hbm_fetch <> fetch.io.hbm
  dispatcher.io.fetch <> fetch.io.instr
  dispatcher.io.run := run
  done := dispatcher.io.done

  private val queues = dispatcher.io.enq.map(Queue(_, p.queueDepth))
  private val Seq(loadFront, computeFront, storeFront) =
    Seq((false, true, false), (true, true, p.timing.overlapsGemms), (true, false, false)).zip(queues).map {
      case ((hasPrev, hasNext, overlapping), queue) =>
        val front = Module(new UnitFront(fields, indexBits, hasPrev, hasNext, overlapping))
        front.io.queue <> queue
        front
    }
  private val fronts = Seq(loadFront, computeFront, storeFront)
  // With overlapping GEMMs the compute unit has an instruction in progress while a GEMM drains, after
  // its front is free again.
  private val computeDraining = Option.when(p.timing.overlapsGemms)(Wire(Bool()))
  private val busy = Seq(loadFront.io.busy, computeDraining.fold(computeFront.io.busy)(computeFront.io.busy || _),
    storeFront.io.busy)
  dispatcher.io.drained := queues.map(!_.valid).reduce(_ && _) && busy.map(!_).reduce(_ && _)

  // Token counters (microarchitecture.md, "Queues and tokens"), named by the direction they carry.
  private def tokenCounter(push: Bool, pop: Bool): Bool = {
    val count = RegInit(0.U(ControlConfig.TOKEN_COUNTER_BITS.W))
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
  for (o <- compute.io.overlap; f <- computeFront.io.overlap) {
    o.head := computeFront.io.instr
    f.clear := o.clear
    o.leaving := f.leaving
    f.ending := o.ending
    computeDraining.get := o.draining
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
  events := Cat(hbm_fetch.req.valid, retire_store.valid, retire_compute.valid, retire_load.valid,
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
    "outstanding_stall_store" -> storeDma.io.outstandingStall.asUInt,
    "fetch_bytes" -> Mux(hbm_fetch.req.valid, hbm_fetch.req.len, 0.U),
    "fetch_stall" -> dispatcher.io.fetchStall.asUInt
  ) ++ units.zip(fronts).zip(busy).flatMap { case ((unit, front), inProgress) =>
    Seq(s"busy_$unit" -> inProgress.asUInt, s"token_stall_$unit" -> front.io.tokenStall.asUInt)
  } ++ units.zip(dispatcher.io.dispatchStall).map { case (unit, stall) => s"dispatch_stall_$unit" -> stall.asUInt })
}

object NpuTop {
  /** Bit positions in the `events` port. */
  val EventDone = 0
  val EventLoadRequest = 1
  val EventStoreRequest = 2
  val EventRetireLoad = 3
  val EventRetireCompute = 4
  val EventRetireStore = 5
  val EventFetchRequest = 6

  class Retire(indexBits: Int) extends Bundle {
    val valid = Bool()
    val index = UInt(indexBits.W)
  }
}
