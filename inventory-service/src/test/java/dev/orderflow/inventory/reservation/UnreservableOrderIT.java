package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.Topics;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnreservableOrderIT extends InventoryServiceIntegrationTest {

  @Test
  void an_order_no_retry_can_reserve_goes_to_the_dead_letter_topic_and_the_next_one_is_handled()
      throws Exception {
    var sku = newSku("POISON");
    setStock(sku, 5);
    var poison = placed(newOrderId(), line(sku, 1));
    var next = placed(newOrderId(), line(sku, 1));

    // A quantity of 0: no event can carry it, so it arrives as a record from outside orderflow.
    var zero = json.write(poison).replace("\"quantity\":1", "\"quantity\":0");
    assertThat(zero).contains("\"quantity\":0");
    kafka.send(Topics.ORDER_EVENTS.name(), poison.orderId(), zero).get();
    publish(poison.orderId(), next);

    var deadLetter =
        await("a dead letter for " + poison.orderId())
            .atMost(PATIENCE)
            .until(
                () ->
                    readAll(Topics.ORDER_EVENTS.deadLetter()).stream()
                        .filter(record -> poison.orderId().equals(record.key()))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    assertThat(header(deadLetter, "kafka_dlt-exception-message"))
        .contains("quantity must be within 1..10000, was 0");
    awaitInventoryEvents(next.orderId(), 1);
    assertThat(inventoryEvents(poison.orderId())).isEmpty();
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 5, 1, 4));
  }
}
