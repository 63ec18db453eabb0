package npukit.testbench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the C++ class that puts a verilated model behind {@code npukit::SimModel}. The port table is
 * read from the header Verilator generated, so it always matches the RTL that was actually built.
 */
final class ModelAdaptor {

    /** Verilator 5's port declarations: VL_IN8(&name,msb,lsb), VL_OUT64(...), VL_INW(...). */
    private static final Pattern PORT = Pattern.compile("VL_(IN|OUT)(8|16|64|W)?\\(&(\\w+),(\\d+),(\\d+)");

    private ModelAdaptor() {
    }

    static List<ModelPort> ports(String verilatedHeader) {
        List<ModelPort> ports = new ArrayList<>();
        Matcher m = PORT.matcher(verilatedHeader);
        while (m.find()) {
            int width = Integer.parseInt(m.group(4)) - Integer.parseInt(m.group(5)) + 1;
            ports.add(new ModelPort(m.group(3), width, m.group(1).equals("IN")));
        }
        if (ports.stream().noneMatch(p -> p.name().equals("clock"))) {
            throw new RtlBuildException("the verilated model has no 'clock' port");
        }
        return ports;
    }

    static String source(String prefix, List<ModelPort> ports) {
        StringBuilder names = new StringBuilder();
        StringBuilder widths = new StringBuilder();
        StringBuilder inputs = new StringBuilder();
        StringBuilder pokes = new StringBuilder();
        StringBuilder peeks = new StringBuilder();
        StringBuilder wordPokes = new StringBuilder();
        StringBuilder wordPeeks = new StringBuilder();
        for (int i = 0; i < ports.size(); i++) {
            ModelPort p = ports.get(i);
            names.append("\"").append(p.name()).append("\", ");
            widths.append(p.width()).append(", ");
            inputs.append(p.input() ? "true" : "false").append(", ");
            if (p.wide()) {
                int topBits = p.width() - 32 * (p.words() - 1);
                String topMask = topBits == 32 ? "0xFFFFFFFFu" : "0x" + Integer.toHexString((1 << topBits) - 1) + "u";
                if (p.input()) {
                    wordPokes.append("      case ").append(i).append(": top_->").append(p.name())
                            .append("[word] = (EData) value & (word == ").append(p.words() - 1)
                            .append(" ? ").append(topMask).append(" : 0xFFFFFFFFu); return;\n");
                }
                wordPeeks.append("      case ").append(i).append(": return (int) top_->").append(p.name()).append("[word];\n");
                continue;
            }
            if (p.input()) {
                pokes.append("      case ").append(i).append(": top_->").append(p.name()).append(" = (")
                        .append(p.cType()).append(") ((unsigned long long) value & ")
                        .append(Long.toUnsignedString(p.mask())).append("ULL); return;\n");
                wordPokes.append("      case ").append(i).append(": { unsigned long long v = (unsigned long long) top_->")
                        .append(p.name()).append("; unsigned long long m = 0xFFFFFFFFULL << (32 * word); v = (v & ~m) | (((unsigned long long) (unsigned int) value << (32 * word)) & m); top_->")
                        .append(p.name()).append(" = (").append(p.cType()).append(") (v & ")
                        .append(Long.toUnsignedString(p.mask())).append("ULL); return; }\n");
            }
            peeks.append("      case ").append(i).append(": return (long long) top_->").append(p.name()).append(";\n");
            wordPeeks.append("      case ").append(i).append(": return (int) ((unsigned long long) top_->")
                    .append(p.name()).append(" >> (32 * word));\n");
        }
        boolean hasReset = ports.stream().anyMatch(p -> p.name().equals("reset"));
        return """
                #include "%1$s.h"
                #include "verilated.h"
                #include "npukit_sim_model.h"
                #include <memory>
                #include <stdexcept>

                namespace {
                const char* const kNames[] = {%2$s};
                const int kWidths[] = {%3$s};
                const bool kInputs[] = {%4$s};
                const int kCount = %5$d;

                class Model : public npukit::SimModel {
                 public:
                  Model() : ctx_(new VerilatedContext), top_(new %1$s(ctx_.get())) {
                    top_->clock = 0;
                    top_->eval();
                  }
                  ~Model() override { top_->final(); }
                  void reset(int cycles) override {
                    %6$s
                  }
                  void step(int cycles) override {
                    for (int i = 0; i < cycles; i++) {
                      top_->clock = 1;
                      top_->eval();
                      top_->clock = 0;
                      top_->eval();
                    }
                  }
                  void eval() override { top_->eval(); }
                  int portCount() override { return kCount; }
                  std::string portName(int index) override { return kNames[check(index)]; }
                  int portWidth(int index) override { return kWidths[check(index)]; }
                  bool portIsInput(int index) override { return kInputs[check(index)]; }
                  void poke(int index, long long value) override {
                    switch (check(index)) {
                %7$s      default: throw std::invalid_argument("port is an output: " + std::string(kNames[index]));
                    }
                  }
                  long long peek(int index) override {
                    switch (check(index)) {
                %8$s      default: throw std::invalid_argument("port is wider than 64 bits, use peekWord: " + std::string(kNames[index]));
                    }
                  }
                  void pokeWord(int index, int word, int value) override {
                    checkWord(index, word);
                    switch (index) {
                %9$s      default: throw std::invalid_argument("port is an output: " + std::string(kNames[index]));
                    }
                  }
                  int peekWord(int index, int word) override {
                    checkWord(index, word);
                    switch (index) {
                %10$s    }
                    return 0;
                  }

                 private:
                  static int check(int index) {
                    if (index < 0 || index >= kCount) throw std::out_of_range("no port with index " + std::to_string(index));
                    return index;
                  }
                  static void checkWord(int index, int word) {
                    check(index);
                    if (word < 0 || word >= (kWidths[index] + 31) / 32) {
                      throw std::out_of_range("port " + std::string(kNames[index]) + " has no word " + std::to_string(word));
                    }
                  }
                  std::unique_ptr<VerilatedContext> ctx_;
                  std::unique_ptr<%1$s> top_;
                };
                }  // namespace

                extern "C" npukit::SimModel* npukit_create_model() { return new Model(); }
                """.formatted(prefix, names, widths, inputs, ports.size(),
                hasReset ? "top_->reset = 1; step(cycles); top_->reset = 0; top_->eval();" : "step(cycles);",
                pokes, peeks, wordPokes, wordPeeks);
    }
}
