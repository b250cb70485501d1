package dev.orderflow.inventory.stock;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.inventory.InventoryServiceIntegrationTest;
import dev.orderflow.inventory.domain.StepOutcome;
import dev.orderflow.inventory.domain.StockStep;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * How often {@link Stock} reads a sku's document before writing it: a second instance of it, on a
 * client that notes the sku of every read of the stock collection, works beside the service's own.
 */
class StockReadsIT extends InventoryServiceIntegrationTest {

  @Autowired Stock service;
  @Autowired StockLevelOutbox outbox;
  @Autowired Clock clock;

  final List<String> skusRead = new CopyOnWriteArrayList<>();
  MongoClient client;
  Stock stock;

  @BeforeEach
  void secondInstance() {
    CommandListener reads =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            var command = event.getCommand();
            if (event.getCommandName().equals("find")
                && command.getString("find").getValue().equals(StockDocument.COLLECTION)) {
              var id = command.getDocument("filter", new BsonDocument()).get(StockDocument.ID);
              if (id != null && id.isString()) {
                skusRead.add(id.asString().getValue());
              }
            }
          }
        };
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(
                    new ConnectionString(
                        EmbeddedStack.shared().mongo().connectionString("inventory")))
                .addCommandListener(reads)
                .build());
    stock = new Stock(new MongoTemplate(client, "inventory"), outbox, clock);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void the_steps_that_follow_its_own_write_of_a_sku_read_nothing() {
    var sku = reservedOnceHere();
    var reads = readsOf(sku);

    stock.clearMarker(sku, StockStep.reserve("o-1", 1, 2));
    var second = stock.apply(sku, StockStep.reserve("o-2", 1, 3));

    assertThat(second).isEqualTo(StepOutcome.DONE);
    assertThat(readsOf(sku)).isEqualTo(reads);
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 10, 5, 5));
  }

  @Test
  void a_sku_another_instance_wrote_since_is_read_again_and_no_step_is_lost() {
    var sku = reservedOnceHere();

    service.apply(sku, StockStep.reserve("o-2", 1, 3));
    var third = stock.apply(sku, StockStep.reserve("o-3", 1, 4));

    assertThat(third).isEqualTo(StepOutcome.DONE);
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 10, 9, 1));
  }

  @Test
  void a_step_that_writes_nothing_is_decided_on_the_stored_document() {
    var sku = reservedOnceHere();
    var reads = readsOf(sku);

    var again = stock.apply(sku, StockStep.reserve("o-1", 1, 2));

    assertThat(again).isEqualTo(StepOutcome.DONE);
    assertThat(readsOf(sku)).isEqualTo(reads + 1);
    assertThat(levelsOf(sku)).isEqualTo(new Levels(sku, 10, 2, 8));
  }

  /** A new sku with 10 in stock, of which this second instance has just reserved 2 for o-1. */
  private String reservedOnceHere() {
    var sku = newSku("READS");
    setStock(sku, 10);
    stock.apply(sku, StockStep.reserve("o-1", 1, 2));
    return sku;
  }

  private long readsOf(String sku) {
    return skusRead.stream().filter(sku::equals).count();
  }
}
