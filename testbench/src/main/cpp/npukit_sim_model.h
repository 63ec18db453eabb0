// The one C++ interface the Java testbench sees. Each verilated model is compiled, at run time, into
// its own shared object exporting npukit_create_model(); this JNI side only dlopen()s it, so one JNI
// library serves every config and the Verilator classes never appear in Java.
#ifndef NPUKIT_SIM_MODEL_H
#define NPUKIT_SIM_MODEL_H

#include <dlfcn.h>
#include <string>
#include <stdexcept>

namespace npukit {

class SimModel {
 public:
  virtual ~SimModel() {}
  // Holds reset high for the given number of clock cycles, then releases it.
  virtual void reset(int cycles) = 0;
  // Runs whole clock cycles: inputs poked before the call are sampled at the first rising edge.
  virtual void step(int cycles) = 0;
  // Settles combinational logic without a clock edge.
  virtual void eval() = 0;
  virtual int portCount() = 0;
  virtual std::string portName(int index) = 0;
  virtual int portWidth(int index) = 0;
  virtual bool portIsInput(int index) = 0;
  virtual void poke(int index, long long value) = 0;
  virtual long long peek(int index) = 0;
  // 32-bit word `word` of a port of any width (word 0 holds bits 31..0); ports wider than 64 bits
  // are reached only through these.
  virtual void pokeWord(int index, int word, int value) = 0;
  virtual int peekWord(int index, int word) = 0;

  // Loads a model library and creates its model. Throws with dlerror()'s text on failure; JavaCPP
  // turns the exception into a Java RuntimeException.
  static SimModel* open(const std::string& path);
  // Frees a model made by open(); the Java side owns it and calls this once.
  static void destroy(SimModel* model) { delete model; }
};

typedef SimModel* (*CreateModelFn)();

inline SimModel* SimModel::open(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* err = dlerror();
    throw std::runtime_error(std::string("cannot load model library ") + path + ": " + (err ? err : "unknown"));
  }
  CreateModelFn create = reinterpret_cast<CreateModelFn>(dlsym(handle, "npukit_create_model"));
  if (create == nullptr) {
    throw std::runtime_error("model library " + path + " has no npukit_create_model");
  }
  return create();
}

}  // namespace npukit

#endif
