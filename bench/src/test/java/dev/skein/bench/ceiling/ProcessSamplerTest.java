package dev.skein.bench.ceiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessSamplerTest {

  @Test
  void parse_commandWithSpacesAndParens_readsUtimeStime() {
    String stat =
        "4242 (java (my app)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1000"
            + " 5000000000 120000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
    String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t30\n";
    ProcessSampler.Reading r = ProcessSampler.parse(stat, status);
    assertThat(r.cpuNanos()).isEqualTo(3_000_000_000L); // (250 + 50) ticks at 100 Hz
    assertThat(r.rssBytes()).isEqualTo(100L << 20);
    assertThat(r.peakRssBytes()).isEqualTo(200L << 20);
  }

  @Test
  void read_self_isPlausible() {
    ProcessSampler.Reading r = ProcessSampler.read(ProcessHandle.current().pid());
    assertThat(r.rssBytes()).isPositive();
    assertThat(r.peakRssBytes()).isGreaterThanOrEqualTo(r.rssBytes());
  }

  @Test
  void read_noSuchProcess_saysWhich() {
    assertThatThrownBy(() -> ProcessSampler.read(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no process with pid " + Integer.MAX_VALUE);
  }
}
