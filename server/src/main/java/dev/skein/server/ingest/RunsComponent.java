package dev.skein.server.ingest;

import dev.skein.server.target.ComponentId;
import dev.skein.server.target.TargetMap;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Conditions that hold when {@code skein.target} asks for a component, resolved through the one
 * {@link TargetMap}. An invalid target matches nothing; the config validator reports it.
 */
abstract class RunsComponent implements Condition {

  private final ComponentId component;

  RunsComponent(ComponentId component) {
    this.component = component;
  }

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    List<String> targets =
        Binder.get(context.getEnvironment())
            .bind("skein.target", Bindable.listOf(String.class))
            .orElse(List.of("all"));
    try {
      return TargetMap.componentsOf(TargetMap.parse(targets)).contains(component);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static final class Ingester extends RunsComponent {
    Ingester() {
      super(ComponentId.INGESTER);
    }
  }

  static final class Distributor extends RunsComponent {
    Distributor() {
      super(ComponentId.DISTRIBUTOR);
    }
  }

  static final class Receivers extends RunsComponent {
    Receivers() {
      super(ComponentId.RECEIVERS);
    }
  }
}
