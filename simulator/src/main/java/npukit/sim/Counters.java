package npukit.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The performance counters of microarchitecture.md ("Performance counters"), which the RTL exposes as
 * registers and co-validation compares exactly.
 */
public record Counters(
        long cycles,
        long macs,
        long arrayBusy,
        long hbmReadBytes,
        long hbmWriteBytes,
        long spReads,
        long spWrites,
        long accReads,
        long accWrites,
        long busyLoad,
        long busyCompute,
        long busyStore,
        long tokenStallLoad,
        long tokenStallCompute,
        long tokenStallStore,
        long dispatchStallLoad,
        long dispatchStallCompute,
        long dispatchStallStore,
        long outstandingStallLoad,
        long outstandingStallStore,
        long fetchBytes,
        long fetchStall) {

    /** The counters under the spec's names, in the spec's order (the order of report and CSV columns). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("cycles", cycles);
        m.put("macs", macs);
        m.put("array_busy", arrayBusy);
        m.put("hbm_read_bytes", hbmReadBytes);
        m.put("hbm_write_bytes", hbmWriteBytes);
        m.put("sp_reads", spReads);
        m.put("sp_writes", spWrites);
        m.put("acc_reads", accReads);
        m.put("acc_writes", accWrites);
        m.put("busy_load", busyLoad);
        m.put("busy_compute", busyCompute);
        m.put("busy_store", busyStore);
        m.put("token_stall_load", tokenStallLoad);
        m.put("token_stall_compute", tokenStallCompute);
        m.put("token_stall_store", tokenStallStore);
        m.put("dispatch_stall_load", dispatchStallLoad);
        m.put("dispatch_stall_compute", dispatchStallCompute);
        m.put("dispatch_stall_store", dispatchStallStore);
        m.put("outstanding_stall_load", outstandingStallLoad);
        m.put("outstanding_stall_store", outstandingStallStore);
        m.put("fetch_bytes", fetchBytes);
        m.put("fetch_stall", fetchStall);
        return Collections.unmodifiableMap(m);
    }
}
