package npukit.rtl.npu.dma

import chisel3._
import chisel3.util._
import npukit.rtl.mem.{SramReadPort, SramWritePort}
import npukit.rtl.npu.{InstructionFields, NpuParams}

/** A DMA engine executing LOAD or STORE instructions (microarchitecture.md, "DMA"); `dir` picks which.
  *
  * From the instruction's first cycle (the first request is issued in it, straight from the starting
  * instruction) one request is issued per cycle while fewer than `p.dmaOutstanding` are outstanding
  * at the start of the cycle. Each request takes a free tag; a LOAD keeps per tag the sram row and byte range the
  * response fills. The memory hands back at most one response per cycle, already chosen by the
  * acceptance rule; the engine accepts it in that cycle, and the instruction's last cycle is the one
  * in which its final response is accepted. A STORE reads its sram row when it issues; a LOAD writes
  * its bytes, masked, when the response is accepted.
  */
class DmaEngine(p: NpuParams, fields: InstructionFields, dir: DmaDirection) extends Module {
  import DmaEngine._

  val io = IO(new Bundle {
    val start = Input(Bool())
    val instr = Input(UInt(npukit.isa.InstructionFormat.BITS.W))
    val last = Output(Bool())
    val outstandingStall = Output(Bool())
    val hbm = new HbmPort(p, dir)
    val spWrite = Option.when(dir.writesSram)(new SramWritePort(p.rowAddrBits, p.spRowBits))
    val accWrite = Option.when(dir.writesSram)(new SramWritePort(p.rowAddrBits, p.accRowBits))
    val spRead = Option.when(!dir.writesSram)(new SramReadPort(p.rowAddrBits, p.spRowBits))
    val accRead = Option.when(!dir.writesSram)(new SramReadPort(p.rowAddrBits, p.accRowBits))
  })

  private val saved = RegInit(TransferCursor.idle(p, fields, dir))
  private val cursor = Mux(io.start, TransferCursor.first(p, fields, dir, io.instr), saved)
  private val slots = p.dmaOutstanding
  private val outstanding = RegInit(0.U(log2Ceil(slots + 1).W))
  private val freeTags = RegInit(((BigInt(1) << slots) - 1).U(slots.W))

  private val full = outstanding === slots.U
  private val issue = cursor.pending && !full
  private val tag = PriorityEncoder(freeTags).pad(p.dmaTagBits)
  private val accept = io.hbm.resp.valid

  when(issue) {
    saved := cursor.advanced
  }
  outstanding := outstanding + issue.asUInt - accept.asUInt
  freeTags := (freeTags & ~Mux(issue, UIntToOH(tag, slots), 0.U)) |
    Mux(accept, UIntToOH(io.hbm.resp.tag, slots), 0.U)

  io.outstandingStall := cursor.pending && full
  io.last := accept && outstanding === 1.U && !cursor.pending

  io.hbm.req.valid := issue
  io.hbm.req.addr := cursor.addr
  io.hbm.req.len := cursor.len(io.hbm.req.len.getWidth - 1, 0)
  io.hbm.req.tag := tag

  if (dir.writesSram) placeResponses() else readRows()

  /** STORE: the request's bytes, read from its sram row at issue, go out at the low end of wdata. */
  private def readRows(): Unit = {
    val sp = io.spRead.get
    val acc = io.accRead.get
    for ((port, isAcc) <- Seq(sp -> false, acc -> true)) {
      port.en := issue && cursor.acc === isAcc.B
      port.addr := cursor.row
    }
    val row = Mux(cursor.acc, acc.data.pad(rowBits(p)), sp.data.pad(rowBits(p)))
    io.hbm.req.wdata.get := (row >> (cursor.offset ## 0.U(3.W))).pad(p.burstBytes * 8)(p.burstBytes * 8 - 1, 0)
  }

  /** LOAD: a response's bytes go to the sram row and byte range its tag was issued for. */
  private def placeResponses(): Unit = {
    val table = Reg(Vec(slots, new ResponseSlot(p, cursor.offset.getWidth, io.hbm.req.len.getWidth)))
    // With one slot a tag has one bit but the table needs no index.
    def slot(t: UInt) = if (slots == 1) table(0) else table(t)
    when(issue) {
      slot(tag).acc := cursor.acc
      slot(tag).row := cursor.row
      slot(tag).offset := cursor.offset
      slot(tag).len := io.hbm.req.len
    }
    val done = slot(io.hbm.resp.tag)
    val data = io.hbm.resp.rdata.get.pad(rowBits(p)) << (done.offset ## 0.U(3.W))
    val mask = (((1.U << done.len) - 1.U) << done.offset)
    for ((port, isAcc) <- Seq(io.spWrite.get -> false, io.accWrite.get -> true)) {
      port.en := accept && done.acc === isAcc.B
      port.addr := done.row
      port.data := data(port.data.getWidth - 1, 0)
      port.mask := mask(port.mask.getWidth - 1, 0)
    }
  }
}

object DmaEngine {
  /** The wider of the two memories' rows: responses are placed in it before being cut to the row. */
  private def rowBits(p: NpuParams): Int = math.max(p.spRowBits, p.accRowBits)
}

/** What a LOAD remembers about an outstanding request, to place its response. */
class ResponseSlot(p: NpuParams, offsetBits: Int, lenBits: Int) extends Bundle {
  val acc = Bool()
  val row = UInt(p.rowAddrBits.W)
  val offset = UInt(offsetBits.W)
  val len = UInt(lenBits.W)
}
