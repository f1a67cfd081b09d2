package dev.skein.server.config;

/**
 * A {@code skein.<module>.*} properties class that turns itself into its module's validated config
 * record. Startup calls {@link #toConfig()} on every one of them before anything is built, so that
 * all invalid values are reported together.
 */
public interface ModuleProperties {

  /**
   * The module's config record.
   *
   * @throws IllegalArgumentException naming the property and its value when one is invalid
   */
  Object toConfig();

  /**
   * Problems that involve other modules' settings (for example a sink that needs the Kafka
   * brokers); none by default.
   *
   * @param all every module's properties, this one included
   * @return one message per problem, naming the properties
   */
  default java.util.List<String> crossCheck(java.util.List<ModuleProperties> all) {
    return java.util.List.of();
  }
}
