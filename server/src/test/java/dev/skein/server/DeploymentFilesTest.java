package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.querier.remote.IngesterDiscovery;
import dev.skein.server.ingest.IngesterQueryServer;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.TargetMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks the structure of docker-compose.yml, its provisioning files and the Dockerfile, since no
 * Docker engine runs the build: every service can start, Skein services name valid targets and find
 * each other, host ports are distinct, and Grafana's data source points at the querier.
 */
class DeploymentFilesTest {

  static final Path ROOT = Path.of("..");
  static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> environment(Map<String, Object> service) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String file : list(service.get("env_file"))) {
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(ROOT.resolve(file))) {
        p.load(in);
      }
      p.forEach((k, v) -> env.put((String) k, (String) v));
    }
    Object declared = service.get("environment");
    if (declared instanceof Map<?, ?> m) {
      m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
    } else {
      for (String kv : list(declared)) {
        int eq = kv.indexOf('=');
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return env;
  }

  @SuppressWarnings("unchecked")
  static List<String> list(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      return List.of(s);
    }
    return ((List<Object>) value).stream().map(String::valueOf).toList();
  }

  static boolean isSkein(Map<String, Object> service) {
    return "skein:latest".equals(service.get("image")) && !service.containsKey("network_mode");
  }

  static Set<ComponentId> components(Map<String, Object> service) throws IOException {
    return TargetMap.componentsOf(
        TargetMap.parse(List.of(environment(service).getOrDefault("SKEIN_TARGET", "all"))));
  }

  @Test
  void everyService_hasAnImageOrBuild_andItsFilesAndDependenciesExist() throws IOException {
    assertThat(services)
        .containsKeys(
            "minio",
            "kafka",
            "distributor",
            "ingester-1",
            "ingester-2",
            "querier",
            "compactor",
            "grafana",
            "loadgen");
    for (var e : services.entrySet()) {
      Map<String, Object> s = e.getValue();
      assertThat(s.containsKey("image") || s.containsKey("build")).as(e.getKey()).isTrue();
      for (String file : list(s.get("env_file"))) {
        assertThat(ROOT.resolve(file)).as(e.getKey() + " env_file").isRegularFile();
      }
      for (String volume : list(s.get("volumes"))) {
        if (volume.startsWith("./")) {
          assertThat(ROOT.resolve(volume.substring(0, volume.indexOf(':'))))
              .as(e.getKey() + " volume")
              .exists();
        }
      }
      Object deps = s.get("depends_on");
      List<String> names =
          deps instanceof Map<?, ?> m
              ? m.keySet().stream().map(String::valueOf).toList()
              : list(deps);
      assertThat(services.keySet()).as(e.getKey() + " depends_on").containsAll(names);
      String networkMode = (String) s.get("network_mode");
      if (networkMode != null && networkMode.startsWith("service:")) {
        assertThat(services).containsKey(networkMode.substring("service:".length()));
      }
    }
    assertThat(ROOT.resolve("Dockerfile")).isRegularFile();
  }

  @Test
  void skeinServices_validTargets_coveringEveryComponentOnce() throws IOException {
    Map<ComponentId, List<String>> runners = new HashMap<>();
    for (var e : services.entrySet()) {
      if (isSkein(e.getValue())) {
        assertThat(e.getValue().get("build")).as(e.getKey()).isEqualTo(".");
        for (ComponentId c : components(e.getValue())) {
          runners.computeIfAbsent(c, k -> new ArrayList<>()).add(e.getKey());
        }
      }
    }
    assertThat(runners.get(ComponentId.INGESTER))
        .containsExactlyInAnyOrder("ingester-1", "ingester-2");
    assertThat(runners.get(ComponentId.QUERIER)).containsExactly("querier");
    assertThat(runners.get(ComponentId.COMPACTOR)).as("one compactor").containsExactly("compactor");
    assertThat(runners.get(ComponentId.RECEIVERS)).containsExactly("distributor");
    assertThat(environment(services.get("distributor")))
        .containsEntry("SKEIN_DISTRIBUTOR_SINK", "kafka")
        .containsKey("SKEIN_KAFKA_BOOTSTRAP_SERVERS")
        .containsKey("SKEIN_KAFKA_TOPIC");
    assertThat(environment(services.get("distributor")).get("SKEIN_KAFKA_BOOTSTRAP_SERVERS"))
        .startsWith("kafka:");
  }

  @Test
  void querier_asksEveryIngesterOnItsQueryPort() throws IOException {
    String ingesters = environment(services.get("querier")).get("SKEIN_QUERIER_INGESTERS");
    List<String> entries = List.of(ingesters.split(","));
    IngesterDiscovery.validate(entries);
    List<String> hosts = new ArrayList<>();
    for (String entry : entries) {
      String[] hostPort = entry.strip().replaceFirst("^dns\\+", "").split(":");
      assertThat(hostPort[1]).isEqualTo(String.valueOf(IngesterQueryServer.DEFAULT_PORT));
      assertThat(services).containsKey(hostPort[0]);
      assertThat(components(services.get(hostPort[0]))).contains(ComponentId.INGESTER);
      hosts.add(hostPort[0]);
    }
    assertThat(hosts).containsExactlyInAnyOrder("ingester-1", "ingester-2");
  }

  @Test
  void hostPorts_doNotClash() {
    Map<String, String> owner = new HashMap<>();
    for (var e : services.entrySet()) {
      for (String mapping : list(e.getValue().get("ports"))) {
        String[] parts = mapping.split(":");
        assertThat(parts).as(e.getKey() + " " + mapping).hasSize(2);
        String previous = owner.put(parts[0], e.getKey());
        assertThat(previous).as("host port " + parts[0] + " of " + e.getKey()).isNull();
      }
    }
    assertThat(owner).containsEntry("3200", "querier").containsEntry("4317", "distributor");
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaDatasource_isTempoAtTheQuerier() throws IOException {
    Map<String, Object> grafana = services.get("grafana");
    String mount = list(grafana.get("volumes")).get(0);
    assertThat(mount).endsWith(":/etc/grafana/provisioning:ro");
    Path provisioning = ROOT.resolve(mount.substring(0, mount.indexOf(':')));
    Map<String, Object> file =
        new Yaml().load(Files.readString(provisioning.resolve("datasources/skein.yaml")));
    Map<String, Object> datasource = ((List<Map<String, Object>>) file.get("datasources")).get(0);
    assertThat(datasource).containsEntry("type", "tempo");
    assertThat(datasource.get("url")).isEqualTo("http://querier:3200");
    assertThat(components(services.get("querier"))).contains(ComponentId.QUERIER);
  }

  @Test
  void dockerfile_multiStageNonRootWithReadinessCheck() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile)
        .contains("AS build")
        .contains("./mvnw")
        .containsPattern("FROM eclipse-temurin:2[1-9]-jre")
        .containsPattern("(?m)^USER skein$")
        .containsPattern("(?m)^EXPOSE 3200 4317 4318 9095$")
        .contains("/ready");
    assertThat(dockerfile).doesNotContain("mvnw install").doesNotContain("mvnw -B -ntp install");
  }
}
