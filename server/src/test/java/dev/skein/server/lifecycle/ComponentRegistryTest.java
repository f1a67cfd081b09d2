package dev.skein.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentRegistryTest {

  final List<String> events = new ArrayList<>();

  @Test
  void readiness_beforeStart_notReady() {
    ComponentRegistry registry = new ComponentRegistry(Map.of("wal", new Recording("wal")));
    ComponentRegistry.Readiness readiness = registry.readiness();
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.notReady()).containsEntry("skein", "components are new");
    assertThat(readiness.notReady()).containsEntry("wal", "not started");
  }

  @Test
  void readiness_afterStart_ready() {
    ComponentRegistry registry = new ComponentRegistry(Map.of("wal", new Recording("wal")));
    registry.start();
    assertThat(registry.readiness().ready()).isTrue();
    assertThat(registry.readiness().notReady()).isEmpty();
  }

  @Test
  void readiness_noComponents_readyOnlyAfterStart() {
    ComponentRegistry registry = new ComponentRegistry(Map.of());
    assertThat(registry.readiness().ready()).isFalse();
    registry.start();
    assertThat(registry.readiness().ready()).isTrue();
  }

  @Test
  void readiness_failingCheck_reportsReason() {
    Recording wal = new Recording("wal");
    ComponentRegistry registry = new ComponentRegistry(Map.of("wal", wal));
    registry.start();
    wal.health = CheckResult.failed("disk full");
    assertThat(registry.readiness().ready()).isFalse();
    assertThat(registry.readiness().notReady()).containsExactly(Map.entry("wal", "disk full"));
  }

  @Test
  void startAndClose_inOrderThenReverse() {
    Map<String, Component> map = new LinkedHashMap<>();
    map.put("store", new Recording("store"));
    map.put("ingester", new Recording("ingester"));
    ComponentRegistry registry = new ComponentRegistry(map);
    registry.start();
    registry.close();
    registry.close();
    assertThat(events)
        .containsExactly("start store", "start ingester", "close ingester", "close store");
    assertThat(registry.state()).isEqualTo(ComponentRegistry.State.CLOSED);
    assertThat(registry.readiness().ready()).isFalse();
  }

  @Test
  void start_componentFails_closesStartedOnesAndNamesFailure() {
    Map<String, Component> map = new LinkedHashMap<>();
    map.put("store", new Recording("store"));
    map.put("ingester", new Recording("ingester", true));
    ComponentRegistry registry = new ComponentRegistry(map);
    assertThatThrownBy(registry::start)
        .hasMessage("component ingester failed to start")
        .hasRootCauseMessage("boom");
    assertThat(events).containsExactly("start store", "start ingester", "close store");
    assertThat(registry.state()).isEqualTo(ComponentRegistry.State.FAILED);
  }

  final class Recording implements Component {
    final String name;
    final boolean failStart;
    volatile CheckResult health = CheckResult.OK;

    Recording(String name) {
      this(name, false);
    }

    Recording(String name, boolean failStart) {
      this.name = name;
      this.failStart = failStart;
    }

    @Override
    public void start() {
      events.add("start " + name);
      if (failStart) {
        throw new IllegalStateException("boom");
      }
    }

    @Override
    public CheckResult check() {
      return health;
    }

    @Override
    public void close() {
      events.add("close " + name);
    }
  }
}
