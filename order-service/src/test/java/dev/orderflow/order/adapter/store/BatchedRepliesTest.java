package dev.orderflow.order.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.order.CountedMongo;
import dev.orderflow.order.application.OrderCommandHandler;
import dev.orderflow.order.application.OrderIds;
import dev.orderflow.order.application.SagaMetrics;
import dev.orderflow.order.application.SagaReply;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxMessage;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

/**
 * The bulk path of the saga's replies ({@link OrderCommandHandler#decideAll}) on the event store
 * and reminders in MongoDB: it stores, hands over, counts and forgets exactly what confirming and
 * rejecting one order at a time does, in three commands for the whole batch instead of three per
 * order.
 */
class BatchedRepliesTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final int ORDERS = 20;

  final Stack oneByOne = new Stack();
  final Stack together = new Stack();

  @AfterEach
  void close() {
    oneByOne.mongo.close();
    together.mongo.close();
  }

  @Test
  void a_batch_stores_hands_over_and_counts_what_one_reply_at_a_time_does_in_three_commands() {
    var orderIds = oneByOne.placeOrders();
    together.placeOrders();
    // Each placement's commit carries its reminder until the order is decided.
    assertThat(together.reminders()).containsExactlyInAnyOrderElementsOf(orderIds);
    var replies = replies(orderIds);
    var before = oneByOne.commands();

    for (var reply : replies) {
      switch (reply) {
        case SagaReply.Reserved reserved -> oneByOne.orders.confirm(reserved.orderId());
        case SagaReply.ReservationFailed failed ->
            oneByOne.orders.reject(failed.orderId(), failed.reason());
      }
    }
    var oneByOneCommands = oneByOne.commands() - before;
    before = together.commands();
    var leftOver = together.orders.decideAll(replies, (i, work) -> work.run());
    var togetherCommands = together.commands() - before;

    assertThat(leftOver).isEmpty();
    assertThat(together.commits()).isEqualTo(oneByOne.commits());
    assertThat(together.reminders()).isEqualTo(oneByOne.reminders()).isEmpty();
    // One by one, each decision goes to the relay behind its placement, read unpublished (this
    // relay never marks); together, the placements remembered count as published (a reply answers
    // a published placement), so each decision goes alone.
    var handedOff = together.handedOff();
    assertThat(handedOff.subList(0, ORDERS)).isEqualTo(oneByOne.handedOff().subList(0, ORDERS));
    assertThat(handedOff.subList(ORDERS, handedOff.size()))
        .isEqualTo(
            oneByOne.handedOff().subList(ORDERS, 2 * ORDERS).stream()
                .map(messages ->
                    messages.stream()
                        .filter(message -> message.documentId().endsWith(":2"))
                        .toList())
                .toList());
    assertThat(together.appended).isEqualTo(oneByOne.appended);
    // One by one: a find, an insert and an update (the reminder's removal) per order. Together: one
    // insert and one update; the streams placed by this process need no read.
    assertThat(oneByOneCommands).isEqualTo(3 * ORDERS);
    assertThat(togetherCommands).isEqualTo(2);
  }

  @Test
  void a_reply_to_an_order_another_process_changed_since_it_was_placed_is_left_to_the_caller() {
    var orderIds = together.placeOrders();
    var cancelled = orderIds.get(3);
    var otherProcess =
        new OrderCommandHandler(
            new MongoOrderEventStore(
                together.mongo.template(), new EventJson(), together.relay, together.clock),
            new MongoPendingOrders(together.mongo.template()),
            new OrderIds(),
            SagaMetrics.NONE,
            together.clock);
    otherProcess.cancel(cancelled);
    var finds = together.mongo.sent("find");

    var leftOver = together.orders.decideAll(replies(orderIds), (i, work) -> work.run());

    // Its remembered stream said Pending; its confirmation's commit 2 was taken by the cancel.
    assertThat(leftOver).containsExactly(3);
    assertThat(together.mongo.sent("find")).isEqualTo(finds);
    assertThat(together.orders.confirm(cancelled).status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(together.commits())
        .filteredOn(commit -> commit.getString("streamId").equals(cancelled))
        .extracting(commit -> commit.getList("events", Document.class).getFirst().getString("type"))
        .containsExactly("OrderPlaced", "OrderCancelled");
    // Each remembered stream answers once: the same replies again read the store.
    assertThat(together.orders.decideAll(replies(orderIds), (i, work) -> work.run())).isEmpty();
    assertThat(together.mongo.sent("find")).isGreaterThan(finds);
  }

  @Test
  void a_repeated_batch_changes_nothing_and_writes_nothing_but_the_reminders_removal() {
    var orderIds = together.placeOrders();
    var replies = replies(orderIds);
    together.orders.decideAll(replies, (i, work) -> work.run());
    var commits = together.commits();
    var appended = List.copyOf(together.appended);
    var inserts = together.mongo.sent("insert");

    assertThat(together.orders.decideAll(replies, (i, work) -> work.run())).isEmpty();

    assertThat(together.commits()).isEqualTo(commits);
    assertThat(together.appended).isEqualTo(appended);
    assertThat(together.mongo.sent("insert")).isEqualTo(inserts);
  }

  @Test
  void an_unknown_order_and_an_append_that_lost_are_left_to_the_caller_and_the_rest_is_stored() {
    var orderIds = together.placeOrders();
    var replies = new ArrayList<SagaReply>(replies(orderIds));
    replies.add(5, new SagaReply.Reserved("no-such-order"));
    // Another writer confirms order 7 after the batch read it: its commit 2 is taken.
    var raced = orderIds.get(7);
    var scoped = new ArrayList<Integer>();

    var leftOver =
        together.orders.decideAll(
            replies,
            (i, work) -> {
              scoped.add(i);
              if (i == 8 && scoped.stream().filter(n -> n == 8).count() == 1) {
                together.rival.confirm(raced);
              }
              work.run();
            });

    assertThat(leftOver).containsExactlyInAnyOrder(5, 8);
    assertThat(together.commits())
        .filteredOn(commit -> commit.getString("streamId").equals(raced))
        .hasSize(2);
    assertThat(together.commits()).hasSize(2 * ORDERS);
    // The rival removed its reminder as it decided.
    assertThat(together.reminders()).isEmpty();
  }

  @Test
  void with_the_relays_marks_waiting_a_placement_is_updated_once_for_its_mark_and_its_reminder() {
    var held = new Stack(Duration.ofHours(1));
    try {
      var orderIds = together.placeOrders();
      held.placeOrders();
      var replies = replies(orderIds);
      var modified = new ArrayList<Integer>();

      for (var stack : List.of(together, held)) {
        var before = stack.mongo.modified();
        // Kafka acknowledged every placement; then the replies come.
        stack.store.markPublished(stack.handedOff().stream().flatMap(List::stream).toList());
        assertThat(stack.orders.decideAll(replies, (i, work) -> work.run())).isEmpty();
        modified.add(stack.mongo.modified() - before);
      }

      // The same commits, published and without reminders; two updates of each first commit
      // when the relay marks at once, one when its mark waits for the reminder's removal.
      assertThat(held.commits()).isEqualTo(together.commits());
      assertThat(held.reminders()).isEmpty();
      assertThat(held.marks.waiting()).isZero();
      assertThat(modified).containsExactly(2 * ORDERS, ORDERS);
    } finally {
      held.marks.close();
      held.mongo.close();
    }
  }

  private static List<SagaReply> replies(List<String> orderIds) {
    return IntStream.range(0, orderIds.size())
        .<SagaReply>mapToObj(i ->
            i % 3 == 0
                ? new SagaReply.ReservationFailed(
                    orderIds.get(i), RejectionReason.INSUFFICIENT_STOCK)
                : new SagaReply.Reserved(orderIds.get(i)))
        .toList();
  }

  /** The event store, the reminders and the handler on a MongoDB of their own. */
  static final class Stack {

    final CountedMongo mongo = new CountedMongo();
    final OutboxRelay relay = mock(OutboxRelay.class);
    final List<List<OrderEvent>> appended = new CopyOnWriteArrayList<>();
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final PlacementMarks marks;
    final MongoOrderEventStore store;
    final OrderCommandHandler orders;
    final OrderCommandHandler rival;

    /** A stack whose relay's marks are written at once. */
    Stack() {
      this(Duration.ZERO);
    }

    /** A stack whose relay's marks of placements wait up to two {@code markInterval}s. */
    Stack(Duration markInterval) {
      Mockito.when(relay.traceparent()).thenReturn(Optional.empty());
      var template = mongo.template();
      marks =
          new PlacementMarks(
              template.getCollection(MongoOrderEventStore.COMMITS),
              markInterval,
              10_000,
              () -> {},
              () -> {});
      store =
          new MongoOrderEventStore(
              template, new EventJson(), relay, clock, EventStoreProperties.DEFAULTS, marks);
      var pending = new MongoPendingOrders(template, marks);
      SagaMetrics metrics = (history, events) -> appended.add(List.copyOf(events));
      orders = new OrderCommandHandler(store, pending, new OrderIds(), metrics, clock);
      rival = new OrderCommandHandler(store, pending, new OrderIds(), SagaMetrics.NONE, clock);
    }

    List<String> placeOrders() {
      var ids = new ArrayList<String>();
      for (int i = 0; i < ORDERS; i++) {
        ids.add(
            orders
                .place(
                    "c-" + i,
                    List.of(new OrderLine("SKU-" + i, 1 + i, BigDecimal.TEN)),
                    Optional.of("key-" + i))
                .orderId());
      }
      return ids;
    }

    int commands() {
      return List.of("find", "insert", "update", "delete").stream().mapToInt(mongo::sent).sum();
    }

    List<Document> commits() {
      return mongo
          .template()
          .getCollection(MongoOrderEventStore.COMMITS)
          .find()
          .into(new ArrayList<>())
          .stream()
          .sorted(Comparator.comparing((Document commit) -> commit.getString("_id")))
          .toList();
    }

    /** The orders whose first commit still carries its deadline reminder. */
    List<String> reminders() {
      return mongo
          .template()
          .getCollection(MongoOrderEventStore.COMMITS)
          .find(new Document(MongoPendingOrders.AWAITING, true))
          .map(commit -> commit.getString("streamId"))
          .into(new ArrayList<>());
    }

    @SuppressWarnings("unchecked")
    List<List<OutboxMessage>> handedOff() {
      ArgumentCaptor<List<OutboxMessage>> messages = ArgumentCaptor.forClass(List.class);
      verify(relay, Mockito.atLeast(0)).handOff(messages.capture());
      return messages.getAllValues();
    }
  }
}
