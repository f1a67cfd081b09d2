package dev.skein.bench.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parsed {@code --name value} / {@code --name=value} flags, checked against a fixed list of flags.
 * Immutable.
 */
public final class Args {

  /**
   * One accepted flag.
   *
   * @param name without the leading dashes
   * @param defaultValue used when the flag is absent; null means "not set"
   * @param help one line for the usage message
   */
  public record Flag(String name, @Nullable String defaultValue, String help) {}

  private final Map<String, @Nullable String> values;

  private Args(Map<String, @Nullable String> values) {
    this.values = values;
  }

  /**
   * Parses {@code argv} against {@code flags}.
   *
   * @throws UsageException on an unknown, repeated or value-less flag, or a stray argument
   */
  public static Args parse(List<Flag> flags, List<String> argv) {
    Map<String, Flag> byName = new HashMap<>();
    Map<String, @Nullable String> values = new LinkedHashMap<>();
    for (Flag f : flags) {
      byName.put(f.name(), f);
      values.put(f.name(), f.defaultValue());
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "': flags look like --name value");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      if (!byName.containsKey(name)) {
        throw new UsageException("unknown flag --" + name);
      }
      if (!seen.add(name)) {
        throw new UsageException("--" + name + " given twice");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < argv.size() && !argv.get(i + 1).startsWith("--")) {
        value = argv.get(++i);
      } else {
        throw new UsageException("--" + name + " needs a value");
      }
      values.put(name, value);
    }
    return new Args(values);
  }

  /** The flags as a usage block, one per line with its default. */
  public static String usage(List<Flag> flags) {
    StringBuilder sb = new StringBuilder();
    for (Flag f : flags) {
      String head = "  --" + f.name();
      sb.append(head)
          .append(" ".repeat(Math.max(1, 26 - head.length())))
          .append(f.help())
          .append(f.defaultValue() == null ? "" : " (default " + f.defaultValue() + ")")
          .append('\n');
    }
    return sb.toString();
  }

  /** The value, or null when the flag is absent and has no default. */
  public @Nullable String optional(String name) {
    requireKnown(name);
    return values.get(name);
  }

  /** The value; the flag must be given or have a default. */
  public String string(String name) {
    String v = optional(name);
    if (v == null) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  public int integer(String name) {
    String v = string(name);
    try {
      return Integer.parseInt(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, was '" + v + "'");
    }
  }

  public long longValue(String name) {
    String v = string(name);
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, was '" + v + "'");
    }
  }

  public double decimal(String name) {
    String v = string(name);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, was '" + v + "'");
    }
  }

  public boolean bool(String name) {
    String v = string(name);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new UsageException("--" + name + " must be true or false, was '" + v + "'");
    };
  }

  private void requireKnown(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("flag --" + name + " is not declared");
    }
  }

  @Override
  public String toString() {
    return "Args" + values;
  }
}
