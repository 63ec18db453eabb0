package npukit.rtl.compute

import chisel3._
import npukit.rtl.npu.InstructionFields
import chisel3.util._
import npukit.arch.config.Dataflow
import npukit.isa.Opcode
import npukit.rtl.mem.{SramReadPort, SramWritePort}
import npukit.rtl.npu.NpuParams
import npukit.rtl.npu.ctrl.Ending

/** The NPU's compute unit: GEMM on the systolic array (the mechanism of the chip's dataflow only),
  * QUANT through the C quantization lanes and VALU on the vector ALU (microarchitecture.md, "Compute
  * unit"). A sequencer counts the cycles of the current instruction and hands the word and the cycle
  * index to the engine of its opcode; the instruction ends after the duration that engine derives
  * from the word, so durations do not depend on data. Engines never overlap in time, so their memory
  * accesses share the unit's ports by their enables.
  *
  * With two weight buffers a GEMM's drain runs on after the sequencer has moved on (`last` marks the
  * end of its preload and stream): the GEMM ends R + C - 1 cycles later, so what takes effect when it
  * ends (`leaving`, from the unit front) comes out that much later as `ending`. Until then the unit is
  * `draining`; `clear` holds back a QUANT or VALU until no GEMM drains, and a preloading GEMM until
  * the buffer it overwrites is free (microarchitecture.md, "Overlapping GEMMs"). With one buffer these
  * ports do not exist.
  */
class ComputeUnit(p: NpuParams) extends Module {
  val io = IO(new Bundle {
    val start = Input(Bool())
    val instr = Input(UInt(npukit.isa.InstructionFormat.BITS.W))
    val busy = Output(Bool())
    val last = Output(Bool())
    val gemmActive = Output(Bool())
    val macs = Output(UInt(64.W))
    val spRead = Vec(2, new SramReadPort(p.rowAddrBits, p.spRowBits))
    val spWrite = new SramWritePort(p.rowAddrBits, p.spRowBits)
    val accRead = Vec(2, new SramReadPort(p.rowAddrBits, p.accRowBits))
    val accWrite = new SramWritePort(p.rowAddrBits, p.accRowBits)
    val overlap = Option.when(p.timing.overlapsGemms)(new ComputeOverlapIO(p.indexBits))
  })

  private val layout = ComputeLayout(p)

  // The word and cycle index of the current instruction: taken from the inputs in its first cycle,
  // from registers afterwards.
  private val held = RegEnable(io.instr, io.start)
  private val word = Mux(io.start, io.instr, held)
  private val running = RegInit(false.B)
  private val count = RegInit(0.U(layout.timeBits.W))
  private val t = Mux(io.start, 0.U, count)
  private val busy = io.start || running

  private val gemm = Module(if (p.dataflow == Dataflow.OS) new OutputStationaryGemm(p) else new StationaryGemm(p))
  private val stationary = gemm match {
    case s: StationaryGemm => Some(s)
    case _ => None
  }
  private val engines = Seq(Opcode.GEMM -> gemm, Opcode.QUANT -> Module(new QuantLanes(p)),
    Opcode.VALU -> Module(new VectorAlu(p)))

  private val opcode = new InstructionFields(p.format).opcode(word)
  private def is(op: Opcode): Bool = opcode === op.code.U
  for ((op, engine) <- engines) {
    engine.io.active := busy && is(op)
    engine.io.t := t
    engine.io.word := word
  }

  // An opcode no engine knows cannot reach the compute queue; it would end after one cycle.
  // How long the instruction holds the unit: its duration, but an overlapping GEMM's preload and stream.
  private val duration = MuxCase(1.U, engines.map { case (op, e) =>
    val overlapping = if (op == Opcode.GEMM) stationary.flatMap(_.overlapping) else None
    is(op) -> overlapping.map(_.held).getOrElse(e.io.duration)
  })
  private val last = busy && t === duration - 1.U
  when(busy) {
    count := t + 1.U
    running := !last
  }
  io.busy := busy
  io.last := last
  io.gemmActive := busy && is(Opcode.GEMM)
  for (o <- io.overlap) {
    val fields = new InstructionFields(p.format)
    val fill = p.timing.gemmFill.toInt
    val gemmLeaving = o.leaving.valid && is(Opcode.GEMM)
    val gemmEnding = ShiftRegister(gemmLeaving, fill, false.B, true.B)
    val delayed = ShiftRegister(o.leaving.bits, fill)
    o.ending.valid := gemmEnding || (o.leaving.valid && !is(Opcode.GEMM))
    o.ending.bits := Mux(gemmEnding, delayed, o.leaving.bits)
    val draining = RegInit(0.U(log2Ceil(fill + 2).W))
    draining := draining + gemmLeaving.asUInt - gemmEnding.asUInt
    o.draining := draining =/= 0.U
    val headIsGemm = fields.opcode(o.head) === Opcode.GEMM.code.U
    val preloads = fields.view(o.head, Opcode.GEMM).flag("preload")
    o.clear := Mux(headIsGemm, !preloads || stationary.get.overlapping.get.otherBufferFree, !o.draining)
    io.gemmActive := busy && is(Opcode.GEMM) || o.draining
  }

  private val gemmFields = new InstructionFields(p.format).view(word, Opcode.GEMM)
  io.macs := Mux(last && is(Opcode.GEMM), gemmFields("m") * gemmFields("k") * gemmFields("n"), 0.U)

  private val ports = engines.map(_._2.io.mem)
  for (i <- 0 until 2) {
    share(io.spRead(i), ports.map(_.spRead(i)))
    share(io.accRead(i), ports.map(_.accRead(i)))
  }
  share(io.spWrite, ports.map(_.spWrite))
  share(io.accWrite, ports.map(_.accWrite))

  private def share(port: SramReadPort, users: Seq[SramReadPort]): Unit = {
    port.en := users.map(_.en).reduce(_ || _)
    port.addr := Mux1H(users.map(u => u.en -> u.addr))
    users.foreach(_.data := port.data)
  }

  private def share(port: SramWritePort, users: Seq[SramWritePort]): Unit = {
    port.en := users.map(_.en).reduce(_ || _)
    port.addr := Mux1H(users.map(u => u.en -> u.addr))
    port.data := Mux1H(users.map(u => u.en -> u.data))
    port.mask := Mux1H(users.map(u => u.en -> u.mask))
  }
}

/** A compute unit whose GEMMs overlap: the queue's head (for `clear`), what the front hands on when
  * the unit is free again (`leaving`) and gets back when the instruction ends (`ending`), and whether a
  * GEMM still drains.
  */
class ComputeOverlapIO(indexBits: Int) extends Bundle {
  val head = Input(UInt(npukit.isa.InstructionFormat.BITS.W))
  val clear = Output(Bool())
  val leaving = Input(Valid(new Ending(indexBits)))
  val ending = Output(Valid(new Ending(indexBits)))
  val draining = Output(Bool())
}
