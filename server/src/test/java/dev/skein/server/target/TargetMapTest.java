package dev.skein.server.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetMapTest {

  @Test
  void parse_all_runsEveryComponent() {
    assertThat(TargetMap.componentsOf(TargetMap.parse(List.of("all"))))
        .containsExactly(ComponentId.values());
  }

  @Test
  void parse_commaList_unionOfComponentsInStartOrder() {
    var targets = TargetMap.parse(List.of("querier, compactor"));
    assertThat(targets).containsExactlyInAnyOrder(Target.QUERIER, Target.COMPACTOR);
    assertThat(TargetMap.componentsOf(targets))
        .containsExactly(ComponentId.STORE, ComponentId.QUERIER, ComponentId.COMPACTOR);
  }

  @Test
  void parse_listEntriesAndMixedCase_accepted() {
    assertThat(TargetMap.parse(List.of("Distributor", "INGESTER")))
        .containsExactlyInAnyOrder(Target.DISTRIBUTOR, Target.INGESTER);
  }

  @Test
  void componentsOf_distributor_receiversAndDistributorOnly() {
    assertThat(TargetMap.componentsOf(Target.DISTRIBUTOR))
        .containsExactly(ComponentId.DISTRIBUTOR, ComponentId.RECEIVERS);
  }

  @Test
  void componentsOf_eachSingleTarget_neverEmpty() {
    for (Target target : Target.values()) {
      assertThat(TargetMap.componentsOf(target)).as(target.name()).isNotEmpty();
    }
  }

  @Test
  void parse_unknownTarget_listsUnknownAndValidTargets() {
    assertThatThrownBy(() -> TargetMap.parse(List.of("querier,frontend", "bogus")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "skein.target has unknown target(s) [frontend, bogus]; valid targets are:"
                + " all, distributor, ingester, querier, compactor");
  }

  @Test
  void parse_empty_fails() {
    assertThatThrownBy(() -> TargetMap.parse(List.of(" , ")))
        .hasMessageStartingWith("skein.target is empty");
  }
}
