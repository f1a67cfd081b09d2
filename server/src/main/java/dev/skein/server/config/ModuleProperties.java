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
}
