package dev.skein.bench.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpSenderTest {

  @Test
  void retryAfter_seconds_inNanos() {
    assertThat(HttpSender.retryAfterNanos(Optional.of(" 3 "))).isEqualTo(3_000_000_000L);
  }

  @Test
  void retryAfter_absentOrHttpDate_isZero() {
    assertThat(HttpSender.retryAfterNanos(Optional.empty())).isZero();
    assertThat(HttpSender.retryAfterNanos(Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"))).isZero();
  }

  @Test
  void create_grpcProtocol_refused() {
    assertThatThrownBy(
            () ->
                new HttpSender("http://127.0.0.1:4318", Protocol.GRPC, null, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HttpSender cannot send GRPC");
  }
}
