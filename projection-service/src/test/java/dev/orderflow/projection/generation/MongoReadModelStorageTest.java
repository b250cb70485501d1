package dev.orderflow.projection.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.platform.json.EventJson;
import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.order.OrderViewStore;
import dev.orderflow.projection.stock.StockViewStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Dropping read models drops what exists, and sends no drop for what does not. */
class MongoReadModelStorageTest {

  final CountedMongo counted = new CountedMongo();
  final MongoTemplate mongo = counted.template();
  final MongoReadModelStorage storage = new MongoReadModelStorage(mongo, new EventJson());

  @AfterEach
  void close() {
    counted.close();
  }

  @Test
  void dropping_a_generation_drops_its_collections_and_only_those() {
    mongo.createCollection(ProjectionName.collection(OrderViewStore.COLLECTION, 3));
    mongo.createCollection(ProjectionName.collection(OrderViewStore.COLLECTION, 4));
    mongo.createCollection(ProjectionName.collection(StockViewStore.COLLECTION, 3));

    storage.drop(ProjectionName.ORDER, 3);

    assertThat(counted.sent("drop")).isOne();
    assertThat(storage.generationsPresent(ProjectionName.ORDER)).containsExactly(4);
    assertThat(storage.generationsPresent(ProjectionName.STOCK)).containsExactly(3);
  }

  @Test
  void collections_that_do_not_exist_are_not_dropped() {
    storage.drop(ProjectionName.ORDER, 5);
    storage.drop(ProjectionName.STOCK, 1);

    assertThat(counted.sent("drop")).isZero();
  }
}
