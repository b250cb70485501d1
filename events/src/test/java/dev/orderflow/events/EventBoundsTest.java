package dev.orderflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a consumer reading the wire gets for an event whose values lie outside the domain's {@link
 * Bounds}: an exception that names the field, never an event. (The platform's deserializer turns it
 * into a dead letter with that message.)
 */
class EventBoundsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String PLACED =
      """
      {"type":"OrderPlaced","orderId":"%s","version":%s,"occurredAt":"%s","customerId":"%s",
       "lines":[{"sku":"SKU-1","quantity":%s,"unitPrice":%s}],"total":%s}
      """;

  static Stream<Arguments> outOfBounds() {
    return Stream.of(
        Arguments.of("a price of 1E+999999999", placed("o-1", 1, "c-1", 1, "1E+999999999", "1")),
        Arguments.of("a negative price", placed("o-1", 1, "c-1", 1, "-1.00", "-1.00")),
        Arguments.of("a price with 10 digits", placed("o-1", 1, "c-1", 1, "1000000000", "1")),
        Arguments.of("a price with 3 decimals", placed("o-1", 1, "c-1", 1, "1.001", "1.001")),
        Arguments.of("a quantity of 0", placed("o-1", 1, "c-1", 0, "1.00", "0")),
        Arguments.of("a quantity over 10,000", placed("o-1", 1, "c-1", 10_001, "1.00", "10001")),
        Arguments.of("a total that is not the lines' sum", placed("o-1", 1, "c-1", 2, "1", "3")),
        Arguments.of("version 0", placed("o-1", 0, "c-1", 1, "1.00", "1.00")),
        Arguments.of("an order id with a slash", placed("o/1", 1, "c-1", 1, "1.00", "1.00")),
        Arguments.of("a customer id of 65 chars", placed("o-1", 1, "c".repeat(65), 1, "1", "1")),
        Arguments.of(
            "a time in the year 1900",
            PLACED.formatted("o-1", 1, "1900-01-01T00:00:00Z", "c-1", 1, "1.00", "1.00")),
        Arguments.of(
            "stock levels that do not add up",
            """
            {"type":"StockLevelChanged","sku":"SKU-1","version":3,
             "occurredAt":"2026-03-14T09:26:53Z","onHand":10,"reserved":2,"available":9}
            """),
        Arguments.of(
            "negative stock",
            """
            {"type":"StockLevelChanged","sku":"SKU-1","version":3,
             "occurredAt":"2026-03-14T09:26:53Z","onHand":-1,"reserved":0,"available":-1}
            """),
        Arguments.of(
            "a rejection without a reason",
            """
            {"type":"OrderRejected","orderId":"o-1","version":2,"occurredAt":"2026-03-14T09:26:53Z"}
            """),
        Arguments.of(
            "a confirmation whose placement's total is not the lines' sum",
            """
            {"type":"OrderConfirmed","orderId":"o-1","version":2,"occurredAt":"2026-03-14T09:26:53Z",
             "placement":{"customerId":"c-1","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":1}],
             "total":3}}
            """),
        Arguments.of(
            "a cancellation whose placement has no lines",
            """
            {"type":"OrderCancelled","orderId":"o-1","version":3,"occurredAt":"2026-03-14T09:26:53Z",
             "reason":"customer-request","placement":{"customerId":"c-1","lines":[],"total":0}}
            """),
        Arguments.of(
            "a reservation without lines",
            """
            {"type":"StockReserved","orderId":"o-1","occurredAt":"2026-03-14T09:26:53Z","lines":[]}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfBounds")
  void an_event_outside_the_bounds_is_not_read(String what, String json) {
    assertThatThrownBy(() -> JSON.readValue(json, DomainEvent.class))
        .isInstanceOf(JacksonException.class)
        .rootCause()
        .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
  }

  @Test
  void a_price_with_a_huge_exponent_is_refused_without_expanding_it() {
    var json = placed("o-1", 1, "c-1", 1, "1E+999999999", "1E+999999999");

    assertThatThrownBy(() -> JSON.readValue(json, DomainEvent.class))
        .rootCause()
        .hasMessageContaining("unitPrice must be a non-negative amount")
        .hasMessageContaining("1E+999999999");
  }

  @Test
  void a_reason_added_after_the_reader_was_built_is_read_as_unknown() {
    var json =
        """
        {"type":"OrderRejected","orderId":"o-1","version":2,
         "occurredAt":"2026-03-14T09:26:53Z","reason":"payment-declined"}
        """;

    assertThat(JSON.readValue(json, DomainEvent.class))
        .isInstanceOfSatisfying(
            OrderEvent.OrderRejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.UNKNOWN));
  }

  @Test
  void an_event_at_the_bounds_is_read() {
    var json = placed("o-1", 1, "c".repeat(64), 10_000, "999999999.99", "9999999999900.00");

    assertThat(JSON.readValue(json, DomainEvent.class)).isInstanceOf(OrderEvent.OrderPlaced.class);
    assertThat(Bounds.shortened("y".repeat(5_000))).hasSize(Bounds.MAX_TEXT);
  }

  /**
   * The identifier check is a loop for speed (the events and the HTTP edge's {@code @Identifier}
   * use it); {@link Bounds#IDENTIFIER} is the same rule written as an expression, for the docs and
   * the fuzzer. Both answer alike for short strings over an alphabet of every kind of character
   * they treat differently, and at the length limits.
   */
  @Test
  void the_identifier_check_answers_as_the_identifier_expression() {
    var pattern = java.util.regex.Pattern.compile(Bounds.IDENTIFIER);
    var alphabet = "aZ09._-/ é\n+:";
    var random = new java.util.Random(19);
    for (int i = 0; i < 50_000; i++) {
      var value = new StringBuilder();
      var length = random.nextInt(6);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      var candidate = value.toString();
      assertThat(Bounds.isIdentifier(candidate))
          .as("'%s'", candidate)
          .isEqualTo(pattern.matcher(candidate).matches());
    }
    for (var candidate :
        java.util.List.of("x".repeat(64), "x".repeat(65), "-x", "x-", "_", "9", "ÿ", "")) {
      assertThat(Bounds.isIdentifier(candidate))
          .as("'%s'", candidate)
          .isEqualTo(pattern.matcher(candidate).matches());
    }
  }

  private static String placed(
      String orderId, long version, String customerId, int quantity, String price, String total) {
    return PLACED.formatted(
        orderId, version, "2026-03-14T09:26:53Z", customerId, quantity, price, total);
  }
}
