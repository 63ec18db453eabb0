package npukit.testbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import npukit.arch.io.ScratchFolder;

/** Runs a toolchain command (verilator, g++, yosys, nextpnr-ice40) and fails with its output when it fails. */
public final class ExternalTool {

    private ExternalTool() {
    }

    public static String run(List<String> command, Path workDir) {
        return run(command, workDir, null);
    }

    /** Runs a tool that works in {@code scratch}, which stops it if the scratch folder is removed first. */
    public static String run(List<String> command, ScratchFolder scratch) {
        return run(command, scratch.path(), scratch);
    }

    private static String run(List<String> command, Path workDir, ScratchFolder scratch) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        try {
            Process process = scratch == null ? pb.start() : scratch.start(pb);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new RtlBuildException("command failed with exit code " + exit + ": "
                        + String.join(" ", command) + "\n" + tail(output, 4000));
            }
            return output;
        } catch (IOException e) {
            throw new RtlBuildException("cannot run " + command.get(0) + " (" + e.getMessage() + "); "
                    + hint(command.get(0)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RtlBuildException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String hint(String tool) {
        return switch (tool) {
            case "verilator" -> "install it with: apt-get install -y verilator (the README's test command does this)";
            case "g++" -> "install it with: apt-get install -y g++";
            case "yosys" -> "install it with: apt-get install -y yosys (the README's test command does this)";
            case "nextpnr-ice40" -> "install it with: apt-get install -y nextpnr-ice40 fpga-icestorm (the README's test"
                    + " command does this)";
            default -> "is it installed and on PATH?";
        };
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : "...\n" + text.substring(text.length() - max);
    }
}
