package dev.orderflow.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code orderflow-defaults.properties} behind every other property source, so each service
 * starts from the same settings and its own {@code application.yml} still wins.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor {

  static final String NAME = "orderflow-defaults";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    try {
      environment
          .getPropertySources()
          .addLast(new ResourcePropertySource(NAME, new ClassPathResource(NAME + ".properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
