package dev.orderflow.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

class StockLevelAnnouncementsIT extends InventoryServiceIntegrationTest {

  @Autowired MongoTemplate mongo;

  @Test
  void every_change_of_a_skus_levels_is_announced_with_the_levels_and_a_higher_version()
      throws Exception {
    var sku = newSku("LEVELS");
    var orderId = newOrderId();

    setStock(sku, 10);
    publish(placed(orderId, line(sku, 3)));
    await("reserved").atMost(PATIENCE).until(() -> levelsOf(sku).reserved() == 3);
    publish(cancelled(orderId));
    await("released").atMost(PATIENCE).until(() -> levelsOf(sku).reserved() == 0);
    setStock(sku, 20);

    var changes = awaitLevelChanges(sku, 4);
    assertThat(changes)
        .extracting(
            StockLevelChanged::version,
            StockLevelChanged::onHand,
            StockLevelChanged::reserved,
            StockLevelChanged::available)
        .containsExactly(
            tuple(1L, 10, 0, 10), tuple(2L, 10, 3, 7), tuple(3L, 10, 0, 10), tuple(4L, 20, 0, 20));
    assertThat(changes).allSatisfy(change -> assertThat(change.sku()).isEqualTo(sku));
  }

  @Test
  void announced_levels_are_marked_so_the_sweep_does_not_send_them_again() {
    var sku = newSku("LEVELS");

    setStock(sku, 7);

    await("the document is marked once Kafka has the announcement")
        .atMost(PATIENCE)
        .until(() -> !stockDocument(sku).getBoolean(StockDocument.DIRTY));
    assertThat(awaitLevelChanges(sku, 1))
        .extracting(StockLevelChanged::version)
        .containsExactly(1L);
  }

  @Test
  void levels_changed_but_never_handed_to_the_relay_are_announced_by_the_sweep() {
    var sku = newSku("LEVELS");
    setStock(sku, 5);
    awaitLevelChanges(sku, 1);

    // As if the writer crashed between its write and the hand-off.
    mongo
        .getCollection(StockDocument.COLLECTION)
        .updateOne(
            StockDocument.byId(sku),
            new Document(
                    "$set",
                    new Document(StockDocument.ON_HAND, 8)
                        .append(StockDocument.AVAILABLE, 8)
                        .append(StockDocument.DIRTY, true)
                        .append(StockDocument.CHANGED_AT, new Date()))
                .append("$inc", new Document(StockDocument.VERSION, 1L)));

    var changes = awaitLevelChanges(sku, 2);
    assertThat(changes.getLast().version()).isEqualTo(2);
    assertThat(changes.getLast().onHand()).isEqualTo(8);
    await("the sweep marks what it published")
        .atMost(PATIENCE)
        .until(() -> !stockDocument(sku).getBoolean(StockDocument.DIRTY));
  }

  private List<StockLevelChanged> awaitLevelChanges(String sku, int count) {
    return awaitInventoryEvents(sku, count).stream().map(StockLevelChanged.class::cast).toList();
  }

  private Document stockDocument(String sku) {
    return mongo.getCollection(StockDocument.COLLECTION).find(StockDocument.byId(sku)).first();
  }
}
