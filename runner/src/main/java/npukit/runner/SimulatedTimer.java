package npukit.runner;

import npukit.arch.config.ChipConfig;
import npukit.compiler.codegen.ProgramTimer;
import npukit.isa.Program;
import npukit.sim.Simulator;

/** The tiling search's timer: the cycle-accurate simulator in timing-only mode, whose counts are exact. */
public final class SimulatedTimer implements ProgramTimer {

    private final Simulator simulator;

    public SimulatedTimer(ChipConfig chip) {
        this.simulator = new Simulator(chip, Simulator.Mode.TIMING_ONLY);
    }

    @Override
    public long cycles(Program program) {
        return simulator.run(program).counters().cycles();
    }
}
