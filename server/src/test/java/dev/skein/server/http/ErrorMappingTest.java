package dev.skein.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.common.CorruptBlockException;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.NotFoundException;
import dev.skein.common.OverCapacityException;
import dev.skein.common.SkeinException;
import dev.skein.common.TooLargeException;
import dev.skein.common.UnauthenticatedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

  @Test
  void httpStatus_eachFamilyMember_mapsToItsStatus() {
    assertThat(ErrorMapping.httpStatus(new InvalidRequestException("x")).value()).isEqualTo(400);
    assertThat(ErrorMapping.httpStatus(new TooLargeException("x")).value()).isEqualTo(413);
    assertThat(ErrorMapping.httpStatus(new NotFoundException("x")).value()).isEqualTo(404);
    assertThat(ErrorMapping.httpStatus(new UnauthenticatedException("x")).value()).isEqualTo(401);
    assertThat(
            ErrorMapping.httpStatus(new OverCapacityException("x", true, Duration.ofSeconds(1)))
                .value())
        .isEqualTo(429);
    assertThat(
            ErrorMapping.httpStatus(new OverCapacityException("x", false, Duration.ofSeconds(1)))
                .value())
        .isEqualTo(503);
    assertThat(ErrorMapping.httpStatus(new CorruptBlockException("k", 4, "bad")).value())
        .isEqualTo(500);
    assertThat(ErrorMapping.httpStatus(new SkeinException("x")).value()).isEqualTo(500);
    assertThat(ErrorMapping.httpStatus(new IllegalStateException("x")).value()).isEqualTo(500);
  }

  @Test
  void grpcStatus_eachFamilyMember_mapsToItsCodeWithMessage() {
    assertThat(ErrorMapping.grpcStatus(new InvalidRequestException("bad")).getCode())
        .isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    assertThat(ErrorMapping.grpcStatus(new InvalidRequestException("bad")).getDescription())
        .isEqualTo("bad");
    assertThat(
            ErrorMapping.grpcStatus(new dev.skein.common.UnauthenticatedException("who")).getCode())
        .isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);
    assertThat(ErrorMapping.grpcStatus(new TooLargeException("x")).getCode())
        .isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
    assertThat(
            ErrorMapping.grpcStatus(new OverCapacityException("x", true, Duration.ofSeconds(1)))
                .getCode())
        .isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
    assertThat(
            ErrorMapping.grpcStatus(new OverCapacityException("x", false, Duration.ofSeconds(1)))
                .getCode())
        .isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
    assertThat(ErrorMapping.grpcStatus(new NotFoundException("x")).getCode())
        .isEqualTo(io.grpc.Status.Code.NOT_FOUND);
    io.grpc.Status internal = ErrorMapping.grpcStatus(new IllegalStateException("secret detail"));
    assertThat(internal.getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
    assertThat(internal.getDescription()).isEqualTo("internal error: IllegalStateException");
  }

  @Test
  void redact_secretsAtAnyDepth_replaced() {
    Map<String, Object> s3 = new LinkedHashMap<>();
    s3.put("accessKey", "AKIA");
    s3.put("secretKey", "hunter2");
    s3.put("sessionToken", "tok");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("storage", new LinkedHashMap<>(Map.of("s3", s3)));
    root.put("target", List.of("all"));
    root.put("noSecretSet", null);
    StatusController.redact(root);
    assertThat(s3)
        .containsEntry("accessKey", "AKIA")
        .containsEntry("secretKey", "<redacted>")
        .containsEntry("sessionToken", "<redacted>");
  }

  @Test
  void redact_aMapOfTokens_keepsTheTenantsHidesEveryValue() {
    Map<String, Object> tokens = new LinkedHashMap<>();
    tokens.put("tenant-a", "plain-token");
    tokens.put("tenant-b", "sha256:00ff");
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("enabled", true);
    auth.put("tenantTokens", tokens);
    Map<String, Object> root = new LinkedHashMap<>(Map.of("auth", auth));
    StatusController.redact(root);
    assertThat(tokens)
        .containsEntry("tenant-a", "<redacted>")
        .containsEntry("tenant-b", "<redacted>");
    assertThat(auth).containsEntry("enabled", true);
  }

  @Test
  void forbidden_is403AndPermissionDenied() {
    assertThat(ErrorMapping.httpStatus(new dev.skein.common.ForbiddenException("x")))
        .isEqualTo(org.springframework.http.HttpStatus.FORBIDDEN);
    assertThat(ErrorMapping.grpcStatus(new dev.skein.common.ForbiddenException("x")).getCode())
        .isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
  }
}
