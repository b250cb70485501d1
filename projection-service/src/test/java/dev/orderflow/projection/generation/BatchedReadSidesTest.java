package dev.orderflow.projection.generation;

import static dev.orderflow.projection.order.domain.OrderHistories.T0;
import static dev.orderflow.projection.order.domain.OrderHistories.placedConfirmedCancelled;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.Intake;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.RecordPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every read model written by batches ({@link OrderReadSide#applyAll}, {@link
 * StockReadSide#applyAll}) equals what one record at a time writes, whatever the batches' sizes:
 * order views, customer histories, sales and stock views, on mongo-java-server.
 */
class BatchedReadSidesTest {

  final CountedMongo mongo = new CountedMongo();
  final MongoReadModelStorage storage =
      new MongoReadModelStorage(mongo.template(), new EventJson());
  final List<Object> announcedOneByOne = new ArrayList<>();
  final List<Object> announcedBatched = new ArrayList<>();
  final ReadSides oneByOne =
      new ReadSides(storage, new SimpleMeterRegistry(), announcedOneByOne::add);
  final ReadSides batched =
      new ReadSides(storage, new SimpleMeterRegistry(), announcedBatched::add);

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void batches_of_any_size_give_every_read_model_of_one_record_at_a_time() {
    var random = new Random(19);
    var records = records(random);
    var single = oneByOne.order(1, Intake.LIVE);
    var singleStock = oneByOne.stock(1, Intake.LIVE);
    for (var record : records) {
      if (record.event() instanceof StockLevelChanged level) {
        singleStock.apply(level);
      } else {
        single.apply(record);
      }
    }

    var batch = batched.order(2, Intake.LIVE);
    var batchStock = batched.stock(2, Intake.LIVE);
    for (int from = 0; from < records.size(); ) {
      var to = Math.min(records.size(), from + 1 + random.nextInt(12));
      var poll = records.subList(from, to);
      batch.applyAll(poll.stream().filter(r -> !(r.event() instanceof StockLevelChanged)).toList());
      batchStock.applyAll(
          poll.stream()
              .map(PositionedEvent::event)
              .filter(StockLevelChanged.class::isInstance)
              .map(StockLevelChanged.class::cast)
              .toList());
      from = to;
    }

    for (int i = 0; i < 6; i++) {
      var orderId = "o-" + i;
      assertThat(batch.orders().find(orderId)).isEqualTo(single.orders().find(orderId));
    }
    for (var customer : List.of("c-1", "c-2")) {
      assertThat(batch.customers().page(customer, 0, 100, true))
          .isEqualTo(single.customers().page(customer, 0, 100, true));
    }
    var from = T0.minus(Duration.ofDays(1));
    var to = T0.plus(Duration.ofDays(1));
    assertThat(batch.sales().between(from, to))
        .isNotEmpty()
        .isEqualTo(single.sales().between(from, to));
    assertThat(batchStock.stock().all()).hasSize(2).isEqualTo(singleStock.stock().all());
    assertThat(announcedBatched).containsExactlyInAnyOrderElementsOf(announcedOneByOne);
  }

  /**
   * Flushed now and then, as due ({@code holdingPending}: the views of pending orders wait for
   * their decisions) or whole; whole at the end.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void order_views_written_behind_and_flushed_now_and_then_give_what_one_record_at_a_time_gives(
      boolean holdingPending) {
    var random = new Random(20);
    var records =
        records(random).stream().filter(r -> !(r.event() instanceof StockLevelChanged)).toList();
    var single = oneByOne.order(1, Intake.LIVE);
    records.forEach(single::apply);
    var behind =
        new ReadSides(
                storage,
                new SimpleMeterRegistry(),
                announcedBatched::add,
                new WriteBehindProperties(
                    Duration.ofMillis(500), holdingPending ? Duration.ofHours(1) : Duration.ZERO))
            .order(2, Intake.LIVE);
    var views = mongo.template().getCollection("order_views_g2");
    var customers = mongo.template().getCollection("customer_orders_g2");

    var polls = 0;
    for (int from = 0; from < records.size(); polls++) {
      var to = Math.min(records.size(), from + 1 + random.nextInt(6));
      behind.applyAll(records.subList(from, to));
      from = to;
      if (polls == 0) {
        assertThat(views.countDocuments()).as("nothing stored before a flush").isZero();
        assertThat(customers.countDocuments()).isZero();
        assertThat(behind.orders().allFlushed()).isFalse();
      }
      if (random.nextInt(4) == 0) {
        if (holdingPending) {
          behind.flushDue();
        } else {
          behind.flush();
        }
      }
    }
    behind.flush();

    assertThat(behind.orders().allFlushed()).isTrue();
    long writesBehind = 0;
    long writesOneByOne = 0;
    for (int i = 0; i < 6; i++) {
      var orderId = "o-" + i;
      assertThat(behind.orders().find(orderId)).isEqualTo(single.orders().find(orderId));
      // A view's revision counts its writes.
      writesBehind += revision(views, orderId);
      writesOneByOne += revision(mongo.template().getCollection("order_views_g1"), orderId);
    }
    assertThat(writesBehind).as("at most one write per view and flush").isLessThan(writesOneByOne);
    for (var customer : List.of("c-1", "c-2")) {
      assertThat(behind.customers().page(customer, 0, 100, true))
          .isEqualTo(single.customers().page(customer, 0, 100, true));
    }
    var from = T0.minus(Duration.ofDays(1));
    var to = T0.plus(Duration.ofDays(1));
    assertThat(behind.sales().between(from, to))
        .isNotEmpty()
        .isEqualTo(single.sales().between(from, to));
    assertThat(announcedBatched).containsExactlyInAnyOrderElementsOf(announcedOneByOne);
  }

  private static long revision(MongoCollection<Document> views, String orderId) {
    return Objects.requireNonNull(views.find(new Document("_id", orderId)).first())
        .getLong("revision");
  }

  /**
   * Six orders' events and two skus' levels interleaved on one partition, an order's confirmation
   * before its placement, a relay duplicate of a confirmation and a stale stock level.
   */
  private static List<PositionedEvent> records(Random random) {
    var histories = new ArrayList<List<DomainEvent>>();
    for (int i = 0; i < 6; i++) {
      var orderId = "o-" + i;
      if (i % 2 == 0) {
        histories.add(new ArrayList<>(placedConfirmedCancelled(orderId)));
      } else {
        var lines = List.of(new OrderLine("SKU-" + i, i, new BigDecimal("1.50")));
        histories.add(
            new ArrayList<>(
                List.of(
                    new OrderPlaced(
                        orderId,
                        1,
                        T0.plusSeconds(i),
                        "c-2",
                        lines,
                        new BigDecimal("1.50").multiply(BigDecimal.valueOf(i))),
                    new OrderConfirmed(orderId, 2, T0.plusSeconds(10 + i)))));
      }
    }
    // o-1's confirmation first: parked until its placement comes.
    histories.get(1).addFirst(histories.get(1).removeLast());
    var events = new ArrayList<DomainEvent>();
    while (histories.stream().anyMatch(history -> !history.isEmpty())) {
      var history = histories.get(random.nextInt(histories.size()));
      if (!history.isEmpty()) {
        events.add(history.removeFirst());
      }
    }
    events.add(new OrderConfirmed("o-3", 2, T0.plusSeconds(13)));
    for (int version = 1; version <= 6; version++) {
      events.add(
          random.nextInt(events.size()),
          new StockLevelChanged(
              version % 2 == 0 ? "SKU-A" : "SKU-B", version, T0.plusSeconds(version), 10, 1, 9));
    }
    events.add(new StockLevelChanged("SKU-A", 2, T0.plusSeconds(2), 10, 1, 9));
    var records = new ArrayList<PositionedEvent>();
    for (int i = 0; i < events.size(); i++) {
      records.add(new PositionedEvent(events.get(i), new RecordPosition("orders.events", 0, i)));
    }
    return records;
  }
}
