package npukit.compiler.codegen;

import npukit.isa.Program;

/**
 * How long a program takes on the chip it was built for, in core cycles. The tiling search ranks its
 * best candidates by it; the caller decides what answers (the runner hands it the simulator's
 * timing-only run), so the compiler itself needs no machine model.
 */
@FunctionalInterface
public interface ProgramTimer {

    long cycles(Program program);
}
