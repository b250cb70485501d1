package dev.orderflow.projection.stream;

import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.stock.StockViewChanged;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A change as a record of the changes topic: on partition 0, keyed by its order or sku, its kind
 * ({@code order}, {@code stock}) in the {@code change} header, its value the JSON an SSE client
 * gets as {@code data}.
 */
final class ChangeRecords {

  static final String KIND = "change";

  /**
   * Every change goes to partition 0, the one the readers read, named rather than left to the key:
   * a topic the broker made by itself before the service could (auto-create, with the broker's
   * default partition count) would otherwise spread the changes over partitions no reader reads.
   */
  static final int PARTITION = 0;

  private final String topic;
  private final JsonMapper json;

  ChangeRecords(String topic, JsonMapper json) {
    this.topic = topic;
    this.json = json;
  }

  String topic() {
    return topic;
  }

  ProducerRecord<String, String> recordOf(Object change) {
    var record =
        switch (change) {
          case OrderViewChanged order ->
              new ProducerRecord<>(
                  topic, PARTITION, order.orderId(), json.writeValueAsString(order));
          case StockViewChanged stock ->
              new ProducerRecord<>(topic, PARTITION, stock.sku(), json.writeValueAsString(stock));
          default -> throw new IllegalArgumentException("Not a change: " + change.getClass());
        };
    var kind = change instanceof OrderViewChanged ? LiveChanges.ORDER : LiveChanges.STOCK;
    record.headers().add(KIND, kind.getBytes(StandardCharsets.UTF_8));
    return record;
  }

  /** The change a record holds; null for a record that is not one (of a later version, say). */
  @Nullable Object changeOf(ConsumerRecord<String, String> record) {
    Header kind = record.headers().lastHeader(KIND);
    var value = record.value();
    if (kind == null || value == null) {
      return null;
    }
    return switch (new String(kind.value(), StandardCharsets.UTF_8)) {
      case LiveChanges.ORDER -> json.readValue(value, OrderViewChanged.class);
      case LiveChanges.STOCK -> json.readValue(value, StockViewChanged.class);
      default -> null;
    };
  }
}
