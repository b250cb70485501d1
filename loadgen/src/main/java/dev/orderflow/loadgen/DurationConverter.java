package dev.orderflow.loadgen;

import dev.orderflow.devstack.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** {@code 90s}, {@code 2m}, {@code 500ms}, or an ISO-8601 duration, as devstack reads them. */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return Durations.parse(value);
  }
}
