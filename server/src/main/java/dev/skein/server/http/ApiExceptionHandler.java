package dev.skein.server.http;

import dev.skein.common.OverCapacityException;
import dev.skein.common.SkeinException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns exceptions thrown by controllers into {@link ErrorBody} responses with the right status.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(SkeinException.class)
  ResponseEntity<ErrorBody> skein(SkeinException e) {
    HttpStatus status = ErrorMapping.httpStatus(e);
    if (status.is5xxServerError() && !(e instanceof OverCapacityException)) {
      LOG.error("request failed", e);
    }
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
    if (e instanceof OverCapacityException over) {
      builder.header(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, over.retryAfter().toSeconds())));
    }
    return body(builder, e.getMessage(), status);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
    return error(HttpStatus.BAD_REQUEST, "missing parameter '" + e.getParameterName() + "'");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ErrorBody> badParameter(MethodArgumentTypeMismatchException e) {
    return error(
        HttpStatus.BAD_REQUEST,
        "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'");
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
    return error(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "content type "
            + e.getContentType()
            + " is not supported; supported: "
            + e.getSupportedMediaTypes());
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
    return error(
        HttpStatus.METHOD_NOT_ALLOWED,
        "method "
            + e.getMethod()
            + " is not allowed here; allowed: "
            + e.getSupportedHttpMethods());
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ErrorBody> notFound(NoResourceFoundException e) {
    return error(HttpStatus.NOT_FOUND, "no such endpoint: /" + e.getResourcePath());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ErrorBody> unexpected(Exception e) {
    LOG.error("request failed unexpectedly", e);
    return error(
        HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
  }

  static ResponseEntity<ErrorBody> error(HttpStatus status, String message) {
    return body(ResponseEntity.status(status), message, status);
  }

  private static ResponseEntity<ErrorBody> body(
      ResponseEntity.BodyBuilder builder, String message, HttpStatus status) {
    return builder
        .contentType(MediaType.APPLICATION_JSON)
        .body(new ErrorBody(message, status.value()));
  }
}
