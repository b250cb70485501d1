package dev.orderflow.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.WireHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Approves what each upcaster makes of an event in its old form: {@code wire-history/<name>.json},
 * as an older writer put it on the wire, must read as the event that writes exactly {@code
 * <name>.approved.json}.
 */
class WireHistoryTest {

  private static final Path HISTORY = Path.of("src/test/resources/wire-history");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final EventJson json = new EventJson();

  @Test
  void an_order_cancelled_by_the_customer_before_reasons_were_closed_reads_as_a_customer_request()
      throws IOException {
    var old = Files.readString(HISTORY.resolve("OrderCancelled.cancelled-by-customer.json"));
    var approved =
        Files.readString(HISTORY.resolve("OrderCancelled.cancelled-by-customer.approved.json"));

    var event = json.read(old);

    assertThat(event)
        .isEqualTo(
            new OrderCancelled(
                "5f1c2a9e-7a51-4d55-9a0e-3c3f0f6b8f21",
                3,
                Instant.parse("2026-03-14T09:26:53.589Z"),
                CancellationReason.CUSTOMER_REQUEST));
    assertThat(JSON.readTree(json.write(event))).isEqualTo(JSON.readTree(approved));
    assertThat(json.read(old.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(event);
  }

  @Test
  void an_event_in_the_current_form_is_left_as_it_is() {
    var current =
        new OrderCancelled(
            "o-1", 3, Instant.parse("2026-03-14T09:26:53Z"), CancellationReason.CUSTOMER_REQUEST);

    assertThat(json.read(json.write(current))).isEqualTo(current);
  }

  @Test
  void only_the_upcasters_of_the_events_type_run() {
    var neverRuns =
        new Upcaster() {
          @Override
          public String type() {
            return "OrderPlaced";
          }

          @Override
          public void upcast(tools.jackson.databind.node.ObjectNode event) {
            throw new AssertionError("ran on " + event);
          }
        };
    var reader = new EventJson(List.of(neverRuns, Upcaster.of(WireHistory.changes().getFirst())));

    assertThat(
            reader.read(
                """
                {"type":"OrderCancelled","orderId":"o-1","version":3,
                 "occurredAt":"2026-03-14T09:26:53Z","reason":"cancelled-by-customer"}
                """))
        .extracting("reason")
        .isEqualTo(CancellationReason.CUSTOMER_REQUEST);
  }

  @Test
  void the_type_is_found_wherever_the_writer_put_it() {
    var old =
        """
        {"orderId":"o-1","version":3,"occurredAt":"2026-03-14T09:26:53Z",
         "reason":"cancelled-by-customer","type":"OrderCancelled"}
        """;
    var placed =
        """
        {"orderId":"o-1","version":1,"occurredAt":"2026-03-14T09:26:53Z","customerId":"c-1",
         "lines":[{"sku":"S-1","quantity":2,"unitPrice":1.50}],"total":3.00,"type":"OrderPlaced"}
        """;

    assertThat(json.read(old)).extracting("reason").isEqualTo(CancellationReason.CUSTOMER_REQUEST);
    assertThat(json.read(old.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .extracting("reason")
        .isEqualTo(CancellationReason.CUSTOMER_REQUEST);
    assertThat(json.read(placed))
        .isEqualTo(json.read(placed.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .extracting("total")
        .isEqualTo(new java.math.BigDecimal("3.00"));
  }

  @Test
  void money_keeps_every_digit_and_its_bounds() {
    var placed =
        """
        {"type":"OrderPlaced","orderId":"o-1","version":1,"occurredAt":"2026-03-14T09:26:53Z",
         "customerId":"c-1","lines":[{"sku":"S-1","quantity":10000,"unitPrice":999999999.99}],
         "total":9999999999900.00}
        """;

    assertThat(json.read(placed))
        .extracting("total")
        .isEqualTo(new java.math.BigDecimal("9999999999900.00"));
    assertThatThrownBy(() -> json.read(placed.replace("999999999.99", "1E+999999999")))
        .rootCause()
        .hasMessageContaining("unitPrice must be a non-negative amount");
  }

  @Test
  void what_is_not_an_event_is_still_refused_by_binding() {
    assertThatThrownBy(() -> json.read("[1, 2]")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> json.read("{\"type\":\"NoSuchEvent\"}"))
        .isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> json.read("not json")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> json.read("{\"type\":\"OrderPlaced\","))
        .isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> json.read("{\"type\":1}")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> json.read("{\"orderId\":\"o-1\"}"))
        .isInstanceOf(JacksonException.class);
  }
}
