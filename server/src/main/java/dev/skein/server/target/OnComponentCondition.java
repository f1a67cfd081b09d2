package dev.skein.server.target;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Evaluates {@link ConditionalOnComponent} against {@code skein.target}. An invalid target matches
 * nothing; configuration validation then stops startup with the reason.
 */
final class OnComponentCondition implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attributes =
        metadata.getAnnotationAttributes(ConditionalOnComponent.class.getName());
    if (attributes == null) {
      return false;
    }
    ComponentId wanted = (ComponentId) attributes.get("value");
    String target = context.getEnvironment().getProperty("skein.target", "all");
    try {
      Set<ComponentId> running = TargetMap.componentsOf(TargetMap.parse(List.of(target)));
      for (ComponentId excluded : (ComponentId[]) attributes.get("unless")) {
        if (running.contains(excluded)) {
          return false;
        }
      }
      return running.contains(wanted);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
