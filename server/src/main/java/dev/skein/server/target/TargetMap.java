package dev.skein.server.target;

import static dev.skein.server.target.ComponentId.COMPACTOR;
import static dev.skein.server.target.ComponentId.DISTRIBUTOR;
import static dev.skein.server.target.ComponentId.INGESTER;
import static dev.skein.server.target.ComponentId.QUERIER;
import static dev.skein.server.target.ComponentId.RECEIVERS;
import static dev.skein.server.target.ComponentId.STORE;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one explicit map from targets to the components they run. Adding a component means adding it
 * here, and nowhere else decides what a process runs.
 */
public final class TargetMap {

  private static final Map<Target, Set<ComponentId>> MAP = new EnumMap<>(Target.class);

  static {
    MAP.put(Target.DISTRIBUTOR, EnumSet.of(RECEIVERS, DISTRIBUTOR));
    MAP.put(Target.INGESTER, EnumSet.of(STORE, INGESTER));
    MAP.put(Target.QUERIER, EnumSet.of(STORE, QUERIER));
    MAP.put(Target.COMPACTOR, EnumSet.of(STORE, COMPACTOR));
    MAP.put(Target.ALL, EnumSet.allOf(ComponentId.class));
  }

  private TargetMap() {}

  /** The components of one target, in start order. */
  public static Set<ComponentId> componentsOf(Target target) {
    return Collections.unmodifiableSet(MAP.get(target));
  }

  /**
   * Parses configured target names (each entry may itself be a comma list) into targets.
   *
   * @throws IllegalArgumentException naming every unknown target and listing the valid ones
   */
  public static Set<Target> parse(Collection<String> names) {
    EnumSet<Target> targets = EnumSet.noneOf(Target.class);
    List<String> unknown = new ArrayList<>();
    for (String entry : names) {
      for (String raw : entry.split(",")) {
        String name = raw.strip();
        if (name.isEmpty()) {
          continue;
        }
        try {
          targets.add(Target.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          unknown.add(name);
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "skein.target has unknown target(s) "
              + unknown
              + "; valid targets are: "
              + Target.validNames());
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          "skein.target is empty; valid targets are: " + Target.validNames());
    }
    return targets;
  }

  /** The union of the components of every target, in start order. */
  public static Set<ComponentId> componentsOf(Set<Target> targets) {
    EnumSet<ComponentId> components = EnumSet.noneOf(ComponentId.class);
    for (Target target : targets) {
      components.addAll(MAP.get(target));
    }
    return Collections.unmodifiableSet(components);
  }
}
