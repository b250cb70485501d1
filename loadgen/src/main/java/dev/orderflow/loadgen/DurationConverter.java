package dev.orderflow.loadgen;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code 90s}, {@code 2m}, {@code 500ms}, or an ISO-8601 duration. */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    var text = value.strip().toLowerCase(Locale.ROOT);
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    if (text.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    if (text.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
    }
    return Duration.parse(value);
  }
}
