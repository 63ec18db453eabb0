package npukit.testbench.synth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads port lists of the generated SystemVerilog, for what an FPGA placement needs of them: every port
 * bit of the placed top module becomes a package pin. firtool writes one port a line, a direction and a
 * range carried over to the lines that omit them ({@code input [7:0] a,} then {@code b,}).
 */
public final class VerilogPorts {

    private static final Pattern PORT = Pattern.compile("^\\s*(input|output|inout)?\\s*(?:\\[(\\d+):(\\d+)\\])?\\s*(\\w+)\\s*,?\\s*$");
    private static final Pattern PE_INSTANCE = Pattern.compile("(?m)^\\s*(\\w+) pes_0_0 \\(");

    private VerilogPorts() {
    }

    /** The number of port bits of {@code module}; an exception if the Verilog has no such module. */
    public static long bits(String verilog, String module) {
        Matcher header = Pattern.compile("(?m)^module " + Pattern.quote(module) + "\\(\n").matcher(verilog);
        if (!header.find()) {
            throw new IllegalArgumentException("no module " + module + " in the Verilog");
        }
        int start = header.end();
        int end = verilog.indexOf(");", start);
        long bits = 0;
        long width = 1;
        for (String line : verilog.substring(start, end).split("\n")) {
            Matcher m = PORT.matcher(line);
            if (!m.matches()) {
                if (line.isBlank()) {
                    continue;
                }
                throw new IllegalArgumentException("unexpected port line in module " + module + ": " + line.trim());
            }
            if (m.group(1) != null) {
                width = m.group(2) == null ? 1
                        : Math.abs(Long.parseLong(m.group(2)) - Long.parseLong(m.group(3))) + 1;
            }
            bits += width;
        }
        return bits;
    }

    /** The module of the array's processing elements (the one instantiated as {@code pes_0_0}). */
    public static String peModule(String verilog) {
        Matcher m = PE_INSTANCE.matcher(verilog);
        if (!m.find()) {
            throw new IllegalArgumentException("no PE instance pes_0_0 in the Verilog");
        }
        return m.group(1);
    }
}
