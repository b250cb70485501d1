package dev.orderflow.order.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.mongodb.MongoSocketWriteException;
import com.mongodb.ServerAddress;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderLine;
import dev.orderflow.order.CountedMongo;
import dev.orderflow.order.application.GroupCommit;
import dev.orderflow.order.application.GroupCommit.GroupWriteFailedException;
import dev.orderflow.order.application.OrderCommandHandler;
import dev.orderflow.order.application.OrderEventStore;
import dev.orderflow.order.application.OrderIds;
import dev.orderflow.order.application.OrderStream;
import dev.orderflow.order.application.PlacedOrder;
import dev.orderflow.order.application.PlacementsOverloadedException;
import dev.orderflow.order.application.SagaMetrics;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit of placements on the MongoDB stores: placements made while a group is being
 * written share the next group's insert (each commit carrying its order's deadline reminder), each
 * is answered only once its group's insert returned, and a failed insert fails every placement of
 * its group.
 *
 * <p>The tests hold the first group in its write (a gate) until the placements they make are all
 * waiting, so the groups they count do not depend on timing.
 */
class GroupCommitTest {

  static final int PLACEMENTS = 40;

  final CountedMongo mongo = new CountedMongo();
  final OutboxRelay relay = mock(OutboxRelay.class);
  final Clock clock = Clock.systemUTC();
  final MongoOrderEventStore store;
  final MongoPendingOrders reminders;
  final Gate gate;
  final List<Integer> groupSizes = new CopyOnWriteArrayList<>();
  final AtomicInteger refusals = new AtomicInteger();
  final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
  GroupCommit groups;
  OrderCommandHandler orders;

  GroupCommitTest() {
    when(relay.traceparent()).thenReturn(Optional.empty());
    var template = mongo.template();
    store = new MongoOrderEventStore(template, new EventJson(), relay, clock);
    reminders = new MongoPendingOrders(template);
    gate = new Gate(store);
    start(256, 1024);
  }

  void start(int maxGroup, int capacity) {
    if (groups != null) {
      groups.close();
    }
    groups =
        new GroupCommit(
            gate,
            maxGroup,
            Duration.ofMillis(1),
            capacity,
            groupSizes::add,
            refusals::incrementAndGet);
    orders =
        new OrderCommandHandler(store, reminders, new OrderIds(), SagaMetrics.NONE, clock, groups);
  }

  @AfterEach
  void close() {
    gate.open();
    requests.shutdownNow();
    groups.close();
    mongo.close();
  }

  @Test
  void concurrent_placements_share_one_insert_per_group_and_are_all_durable_when_answered() {
    var first = place("c-0", Optional.empty());
    gate.awaitHeld();
    var rest = new ArrayList<CompletableFuture<PlacedOrder>>();
    for (int i = 1; i < PLACEMENTS; i++) {
      rest.add(place("c-" + i, Optional.empty()));
    }
    await("every placement waits for its group")
        .atMost(Duration.ofSeconds(10))
        .until(() -> groups.waiting() == PLACEMENTS - 1);
    var insertsBefore = mongo.sent("insert");
    assertThat(rest).noneMatch(CompletableFuture::isDone);

    gate.open();

    var placed = new ArrayList<PlacedOrder>();
    placed.add(first.join());
    rest.forEach(placement -> placed.add(placement.join()));
    assertThat(placed)
        .allSatisfy(order -> {
          assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
          assertThat(order.replayed()).isFalse();
          assertThat(store.load(order.orderId()).events()).hasSize(1);
        });
    assertThat(reminders.placedBefore(Instant.now().plusSeconds(1), 1000))
        .containsExactlyInAnyOrderElementsOf(placed.stream().map(PlacedOrder::orderId).toList());
    assertThat(groupSizes).containsExactly(1, PLACEMENTS - 1);
    // Two groups, one insert each (the commits, with their reminders), where one placement at a
    // time sends one each: 2 instead of 40.
    assertThat(mongo.sent("insert") - insertsBefore).isEqualTo(2);
  }

  @Test
  void a_failed_insert_fails_every_placement_of_its_group_and_none_is_answered_as_placed() {
    var first = place("c-0", Optional.empty());
    gate.awaitHeld();
    var rest = new ArrayList<CompletableFuture<PlacedOrder>>();
    for (int i = 1; i < 10; i++) {
      rest.add(place("c-" + i, Optional.empty()));
    }
    await("every placement waits for its group")
        .atMost(Duration.ofSeconds(10))
        .until(() -> groups.waiting() == 9);
    var failure =
        new MongoSocketWriteException(
            "the database went away", new ServerAddress(), new IOException("reset"));
    gate.failNextWith(failure);

    gate.open();

    assertThat(first.join().replayed()).isFalse();
    assertThat(rest)
        .allSatisfy(placement ->
            assertThatThrownBy(placement::join)
                .hasRootCauseInstanceOf(IOException.class)
                .cause()
                .isInstanceOf(GroupWriteFailedException.class)
                .cause()
                .isSameAs(failure));
    assertThat(mongo.template().getCollection(MongoOrderEventStore.COMMITS).countDocuments())
        .isEqualTo(1);
    // Nothing stays broken: the next placement is written.
    assertThat(place("c-11", Optional.empty()).join().replayed()).isFalse();
  }

  @Test
  void the_same_idempotency_key_twice_in_one_group_places_once_and_replays_once() {
    var first = place("c-0", Optional.empty());
    gate.awaitHeld();
    var a = place("c-1", Optional.of("key-1"));
    var b = place("c-1", Optional.of("key-1"));
    await("both placements wait for the same group")
        .atMost(Duration.ofSeconds(10))
        .until(() -> groups.waiting() == 2);

    gate.open();

    first.join();
    var answers = List.of(a.join(), b.join());
    assertThat(answers).extracting(PlacedOrder::orderId).containsOnly(answers.get(0).orderId());
    assertThat(answers).extracting(PlacedOrder::replayed).containsExactlyInAnyOrder(false, true);
    assertThat(store.load(answers.get(0).orderId()).events()).hasSize(1);
    // The repeat lost its insert in the second group and read the order that won, writing nothing.
    assertThat(groupSizes).containsExactly(1, 2);
  }

  @Test
  void placements_beyond_what_may_wait_are_refused_at_once() {
    start(1, 1);
    var first = place("c-0", Optional.empty());
    gate.awaitHeld();
    var second = place("c-1", Optional.empty());
    await("the second placement waits")
        .atMost(Duration.ofSeconds(10))
        .until(() -> groups.waiting() == 1);

    assertThatThrownBy(() -> orders.place("c-2", lines(), Optional.empty()))
        .isInstanceOf(PlacementsOverloadedException.class);
    assertThat(refusals).as("counted as refused").hasValue(1);

    gate.open();
    assertThat(first.join().replayed()).isFalse();
    assertThat(second.join().replayed()).isFalse();
  }

  private CompletableFuture<PlacedOrder> place(String customerId, Optional<String> key) {
    return CompletableFuture.supplyAsync(() -> orders.place(customerId, lines(), key), requests);
  }

  private static List<OrderLine> lines() {
    return List.of(new OrderLine("SKU-1", 1, BigDecimal.TEN));
  }

  /**
   * The event store, whose first group write waits until the test opens the gate; the write after
   * that can be made to fail once.
   */
  static final class Gate implements OrderEventStore {

    private final OrderEventStore store;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final AtomicInteger writes = new AtomicInteger();
    private volatile RuntimeException failure;

    Gate(OrderEventStore store) {
      this.store = store;
    }

    @Override
    public Set<Integer> appendAll(List<PreparedAppend> appends) {
      if (first.getAndSet(false)) {
        held.countDown();
        try {
          open.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (failure != null && writes.incrementAndGet() == 1) {
        throw failure;
      }
      return store.appendAll(appends);
    }

    @Override
    public PreparedAppend prepare(OrderStream stream, List<OrderEvent> events) {
      return store.prepare(stream, events);
    }

    @Override
    public OrderStream load(String orderId) {
      return store.load(orderId);
    }

    @Override
    public OrderStream startStream(String orderId) {
      return store.startStream(orderId);
    }

    @Override
    public boolean append(OrderStream stream, List<OrderEvent> events) {
      return store.append(stream, events);
    }

    void awaitHeld() {
      try {
        assertThat(held.await(10, TimeUnit.SECONDS))
            .as("the first group is being written")
            .isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    void failNextWith(RuntimeException failure) {
      this.failure = failure;
    }

    void open() {
      open.countDown();
    }
  }
}
