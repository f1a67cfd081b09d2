package dev.skein.bench.store;

import java.lang.management.ManagementFactory;

/** CPU time of this whole JVM (every thread, GC included), in nanoseconds. */
final class ProcessCpu {

  private ProcessCpu() {}

  static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
