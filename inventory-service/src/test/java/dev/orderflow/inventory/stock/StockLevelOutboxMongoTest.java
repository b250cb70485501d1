package dev.orderflow.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.inventory.MongoSlice;
import dev.orderflow.inventory.domain.StockStep;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The stock collection as its own outbox, on the in-process MongoDB server alone: what the sweep
 * finds, and what marking it published does.
 */
class StockLevelOutboxMongoTest {

  final MongoSlice slice = new MongoSlice();
  final StockLevelOutbox outbox = new StockLevelOutbox(slice.mongo, slice.json, slice.relay);
  final Stock stock = new Stock(slice.mongo, outbox, slice.clock);

  @Test
  void the_sweep_finds_levels_not_yet_announced_as_stock_level_changed_with_their_version() {
    stock.setOnHand("SKU-1", 10);
    stock.apply("SKU-1", StockStep.reserve("o-1", 1, 4));

    var found = outbox.findUnpublished(MongoSlice.NOW.plusSeconds(1), 10);

    assertThat(found)
        .singleElement()
        .satisfies(message -> {
          assertThat(message.documentId()).isEqualTo("SKU-1");
          assertThat(message.documentVersion()).isEqualTo(2);
          assertThat(slice.json.read(message.payload()))
              .isEqualTo(new StockLevelChanged("SKU-1", 2, MongoSlice.NOW, 10, 4, 6));
        });
  }

  @Test
  void the_sweep_leaves_levels_changed_within_the_grace_period_to_the_hand_off() {
    stock.setOnHand("SKU-1", 10);

    assertThat(outbox.findUnpublished(MongoSlice.NOW, 10)).isEmpty();
  }

  @Test
  void levels_marked_published_are_not_found_again() {
    stock.setOnHand("SKU-1", 10);

    outbox.markPublished(outbox.findUnpublished(MongoSlice.NOW.plusSeconds(1), 10));

    assertThat(outbox.findUnpublished(MongoSlice.NOW.plusSeconds(1), 10)).isEmpty();
    assertThat(document("SKU-1").getBoolean(StockDocument.DIRTY)).isFalse();
  }

  @Test
  void levels_that_moved_on_after_they_were_read_stay_to_be_announced() {
    stock.setOnHand("SKU-1", 10);
    var published = outbox.findUnpublished(MongoSlice.NOW.plusSeconds(1), 10);
    stock.setOnHand("SKU-1", 12);

    outbox.markPublished(published);

    assertThat(outbox.findUnpublished(MongoSlice.NOW.plusSeconds(1), 10))
        .singleElement()
        .satisfies(message -> assertThat(message.documentVersion()).isEqualTo(2));
  }

  private Document document(String sku) {
    return slice
        .mongo
        .getCollection(StockDocument.COLLECTION)
        .find(StockDocument.byId(sku))
        .first();
  }
}
