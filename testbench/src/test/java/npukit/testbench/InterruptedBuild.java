package npukit.testbench;

import java.nio.file.Path;

/** A process that builds one small model into the cache folder given, for {@link VerilatorBuildInterruptTest} to stop. */
public final class InterruptedBuild {

    static final String VERILOG = """
            module InterruptProbe(
              input         clock,
              input         reset,
              input  [7:0]  a,
              output [7:0]  b
            );
              reg [7:0] r;
              always @(posedge clock) r <= reset ? 8'd0 : r + a;
              assign b = r;
            endmodule
            """;

    private InterruptedBuild() {
    }

    public static void main(String[] args) {
        Path lib = new VerilatorBuild(Path.of(args[0])).library(VERILOG, "InterruptProbe");
        System.out.println("built " + lib);
    }
}
