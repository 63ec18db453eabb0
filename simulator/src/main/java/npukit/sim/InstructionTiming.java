package npukit.sim;

import npukit.isa.Opcode;

/** When one instruction ran: its first and last cycle (both inclusive). */
public record InstructionTiming(int index, Opcode opcode, long start, long last) {
}
