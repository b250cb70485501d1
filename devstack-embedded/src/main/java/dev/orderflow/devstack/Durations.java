package dev.orderflow.devstack;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people type them on a command line: {@code 90s}, {@code 2m}, {@code 500ms}. */
public final class Durations {

  private Durations() {}

  /**
   * {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}, or an ISO-8601 duration ({@code PT1M30S}).
   *
   * @throws IllegalArgumentException with the value in the message, for anything else
   */
  public static Duration parse(String value) {
    var text = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s") && !text.startsWith("p")) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      if (text.endsWith("m") && !text.startsWith("p")) {
        return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      if (text.endsWith("h") && !text.startsWith("p")) {
        return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      return Duration.parse(value.strip());
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration: write 500ms, 90s, 2m or 1h", e);
    }
  }
}
