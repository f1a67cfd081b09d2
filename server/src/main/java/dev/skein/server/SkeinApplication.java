package dev.skein.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: {@code java -jar skein-server.jar --skein.target=all}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SkeinApplication {

  /** Starts Skein with Spring's usual sources of configuration (yaml, env, flags). */
  public static void main(String[] args) {
    SpringApplication.run(SkeinApplication.class, args);
  }
}
