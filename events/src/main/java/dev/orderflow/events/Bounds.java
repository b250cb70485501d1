package dev.orderflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The domain's limits, one set for every edge. The HTTP APIs refuse values outside them with a
 * {@code 400}; every event's constructor refuses them too, so an event that carries one (from a
 * bug, a foreign producer or a hand-written record) cannot be read by any consumer and goes to the
 * dead-letter topic with the reason, instead of reaching code that assumes sane values: a unit
 * price of {@code 1E+999999999} once made notification-service run out of memory formatting it, and
 * crash-loop on the record at every start.
 *
 * <p>Every check is cheap whatever the input (no arithmetic on the value before its size is known),
 * and every message shows at most a short prefix of the value.
 */
public final class Bounds {

  /** Customer ids, skus and order ids: 1 to 64 letters, digits, '.', '_' or '-'. */
  public static final String IDENTIFIER = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  public static final String IDENTIFIER_MESSAGE =
      "must be 1 to 64 letters, digits, '.', '_' or '-'";

  public static final int MAX_LINES = 100;
  public static final int MAX_QUANTITY = 10_000;

  /** A unit price has at most this many digits before the decimal point... */
  public static final int PRICE_INTEGER_DIGITS = 9;

  /** ...and at most this many after it. */
  public static final int MONEY_FRACTION_DIGITS = 2;

  /** An order's total: every line at the highest price and quantity still fits. */
  public static final int TOTAL_INTEGER_DIGITS = 17;

  /** On-hand stock of one sku; every sum of levels stays far inside an {@code int}. */
  public static final int MAX_STOCK = 1_000_000_000;

  /** Free text in an event: a reason, a recipient. */
  public static final int MAX_TEXT = 1_000;

  /** Times before this are not times this system wrote. */
  public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Nor are times after this. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final int SHOWN = 40;

  private Bounds() {}

  public static String identifier(String value, String field) {
    Objects.requireNonNull(value, field);
    if (!isIdentifier(value)) {
      throw new IllegalArgumentException(
          field + " " + IDENTIFIER_MESSAGE + ", was " + shown(value));
    }
    return value;
  }

  /**
   * True if {@code value} matches {@link #IDENTIFIER}. A loop rather than the regular expression:
   * every event's constructor checks its ids, for every record consumed, and the expression was
   * about 1 % of each service's CPU samples (benchmarks.md); {@code EventBoundsTest} holds the two
   * to the same answers.
   */
  public static boolean isIdentifier(String value) {
    var length = value.length();
    if (length == 0 || length > 64 || !letterOrDigit(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      var c = value.charAt(i);
      if (!letterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  public static int quantity(int value, String field) {
    return within(value, 1, MAX_QUANTITY, field);
  }

  /** A stock level or a count of units: 0 to {@link #MAX_STOCK}. */
  public static int units(int value, String field) {
    return within(value, 0, MAX_STOCK, field);
  }

  public static int within(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be within " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  /** A version: the first event of a stream is 1. */
  public static long version(long value, String field) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, was " + value);
    }
    return value;
  }

  /** A unit price: not negative, {@value #PRICE_INTEGER_DIGITS}.{@value #MONEY_FRACTION_DIGITS}. */
  public static BigDecimal price(BigDecimal value, String field) {
    return money(value, PRICE_INTEGER_DIGITS, field);
  }

  /** A total: not negative, {@value #TOTAL_INTEGER_DIGITS}.{@value #MONEY_FRACTION_DIGITS}. */
  public static BigDecimal total(BigDecimal value, String field) {
    return money(value, TOTAL_INTEGER_DIGITS, field);
  }

  private static BigDecimal money(BigDecimal value, int integerDigits, String field) {
    Objects.requireNonNull(value, field);
    // Precision and scale are cheap on any value Jackson reads (at most 1,000 digits); nothing here
    // rescales the value, which for 1E+999999999 would take a billion digits.
    long integer = (long) value.precision() - value.scale();
    int fraction =
        value.scale() > MONEY_FRACTION_DIGITS ? value.stripTrailingZeros().scale() : value.scale();
    if (value.signum() < 0 || fraction > MONEY_FRACTION_DIGITS || integer > integerDigits) {
      throw new IllegalArgumentException(
          field
              + " must be a non-negative amount with at most "
              + integerDigits
              + " digits before the point and "
              + MONEY_FRACTION_DIGITS
              + " after it, was "
              + shown(value.toString()));
    }
    return value;
  }

  public static Instant time(Instant value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
      throw new IllegalArgumentException(
          field + " must be within " + EARLIEST + ".." + LATEST + ", was " + value);
    }
    return value;
  }

  /** Free text: at most {@value #MAX_TEXT} characters. */
  public static String text(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_TEXT + " characters, was " + value.length());
    }
    return value;
  }

  /**
   * Free text cut to what an event may carry: for text that comes from elsewhere (an SMTP reply).
   */
  public static String shortened(String value) {
    return value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT - 1) + "…";
  }

  /** A list of 1 to {@code max} elements, none of them null; copied. */
  public static <T> List<T> between(List<T> values, int min, int max, String field) {
    Objects.requireNonNull(values, field);
    if (values.size() < min || values.size() > max) {
      throw new IllegalArgumentException(
          field + " must have " + min + " to " + max + " elements, had " + values.size());
    }
    return List.copyOf(values);
  }

  private static String shown(String value) {
    return value.length() <= SHOWN ? "'" + value + "'" : "'" + value.substring(0, SHOWN) + "…'";
  }
}
