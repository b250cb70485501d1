package dev.orderflow.projection.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.RejectionReason;
import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.order.domain.OrderStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What an order change looks like on the changes topic, which is the SSE event's data as sent. */
class ChangeRecordsTest {

  final ChangeRecords records =
      new ChangeRecords("projections.changes", JsonMapper.builder().build());

  @Test
  void an_order_change_carries_the_rejection_reason_and_the_trace_id() {
    var rejected =
        new OrderViewChanged(
            "o-1",
            "c-1",
            OrderStatus.REJECTED,
            2,
            RejectionReason.INSUFFICIENT_STOCK,
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "OrderRejected");

    var record = records.recordOf(rejected);

    assertJson(
        record.value(),
        """
        {"orderId":"o-1","customerId":"c-1","status":"REJECTED","version":2,
         "reason":"insufficient-stock","traceId":"4bf92f3577b34da6a3ce929d0e0e4736",
         "cause":"OrderRejected"}
        """);
    assertThat(records.changeOf(consumed(record.value()))).isEqualTo(rejected);
  }

  @Test
  void an_order_change_without_them_says_null() {
    var placed =
        new OrderViewChanged("o-2", "c-1", OrderStatus.PENDING, 1, null, null, "OrderPlaced");

    assertJson(
        records.recordOf(placed).value(),
        """
        {"orderId":"o-2","customerId":"c-1","status":"PENDING","version":1,
         "reason":null,"traceId":null,"cause":"OrderPlaced"}
        """);
  }

  @Test
  void a_change_an_older_instance_announced_reads_without_reason_and_trace_id() {
    var older =
        """
        {"orderId":"o-3","customerId":"c-1","status":"CONFIRMED","version":2,"cause":"OrderConfirmed"}
        """;

    assertThat(records.changeOf(consumed(older)))
        .isEqualTo(
            new OrderViewChanged(
                "o-3", "c-1", OrderStatus.CONFIRMED, 2, null, null, "OrderConfirmed"));
  }

  private static ConsumerRecord<String, String> consumed(String value) {
    var record = new ConsumerRecord<>("projections.changes", 0, 0L, "o", value);
    record.headers().add(ChangeRecords.KIND, LiveChanges.ORDER.getBytes(UTF_8));
    return record;
  }

  /** The same fields with the same values, nulls included, in any order. */
  private static void assertJson(String actual, String expected) {
    var json = JsonMapper.builder().build();
    assertThat(json.readTree(actual)).as(actual).isEqualTo(json.readTree(expected));
  }
}
