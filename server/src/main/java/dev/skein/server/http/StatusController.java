package dev.skein.server.http;

import dev.skein.server.config.SkeinProperties;
import dev.skein.server.lifecycle.ComponentRegistry;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's own endpoints: readiness, Grafana's health check, build info and the effective
 * configuration.
 */
@RestController
public class StatusController {

  static final String REDACTED = "<redacted>";

  private final ComponentRegistry registry;
  private final SkeinProperties properties;
  private final Set<Target> targets;
  private final Set<ComponentId> componentIds;
  private final BuildInfo buildInfo;
  private final JsonMapper json;

  StatusController(
      ComponentRegistry registry,
      SkeinProperties properties,
      Set<Target> targets,
      Set<ComponentId> componentIds,
      ObjectProvider<BuildProperties> build,
      ObjectProvider<GitProperties> git,
      JsonMapper json) {
    this.registry = registry;
    this.properties = properties;
    this.targets = targets;
    this.componentIds = componentIds;
    this.buildInfo = BuildInfo.of(build.getIfAvailable(), git.getIfAvailable());
    this.json = json;
  }

  /** 200 "ready" once every component has started and checks healthy, else 503 with reasons. */
  @GetMapping(value = "/ready", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> ready() {
    ComponentRegistry.Readiness readiness = registry.readiness();
    if (readiness.ready()) {
      return ResponseEntity.ok("ready");
    }
    StringBuilder body = new StringBuilder("not ready:\n");
    readiness
        .notReady()
        .forEach((k, v) -> body.append("  ").append(k).append(": ").append(v).append('\n'));
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body.toString());
  }

  /** Grafana's data source health check: 200 with the body {@code echo}. */
  @GetMapping(value = "/api/echo", produces = MediaType.TEXT_PLAIN_VALUE)
  String echo() {
    return "echo";
  }

  /** Tempo's build info fields, with the Java version in place of the Go version. */
  @GetMapping(value = "/api/status/buildinfo", produces = MediaType.APPLICATION_JSON_VALUE)
  BuildInfo buildInfo() {
    return buildInfo;
  }

  /** The effective configuration with secrets redacted, plus the resolved targets. */
  @GetMapping(value = "/api/status/config", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> config() {
    @SuppressWarnings("unchecked")
    Map<String, Object> skein = json.convertValue(properties, Map.class);
    redact(skein);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("skein", skein);
    out.put("targets", targets.stream().map(Target::configName).toList());
    out.put("components", componentIds.stream().map(c -> c.name().toLowerCase()).toList());
    return out;
  }

  @SuppressWarnings("unchecked")
  static void redact(Map<String, Object> map) {
    for (Map.Entry<String, Object> e : map.entrySet()) {
      String key = e.getKey().toLowerCase();
      Object value = e.getValue();
      boolean secret = key.contains("secret") || key.contains("password") || key.contains("token");
      if (value instanceof Map<?, ?> nested && secret) {
        // e.g. skein.auth.tenant-tokens: keep which tenants have one, never the values
        ((Map<String, Object>) nested).replaceAll((k, v) -> REDACTED);
      } else if (value instanceof Map<?, ?> nested) {
        redact((Map<String, Object>) nested);
      } else if (value instanceof List<?>) {
        continue;
      } else if (value != null && secret) {
        e.setValue(REDACTED);
      }
    }
  }
}
