package dev.orderflow.order.adapter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.order.application.OrderEventStore;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxMessage;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The event store, which is also the outbox, in a data slice on the in-process MongoDB server of
 * the integration tests, without Kafka: the relay is a stub that records what it was handed.
 */
@DataMongoTest
@Import({MongoOrderEventStore.class, MongoOrderEventStoreTest.Fixed.class})
class MongoOrderEventStoreTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory(0);

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> MONGO.connectionString("orders"));
  }

  @TestConfiguration(proxyBeanMethods = false)
  @EnableConfigurationProperties(EventStoreProperties.class)
  static class Fixed {

    @Bean
    EventJson eventJson() {
      return new EventJson();
    }

    @Bean
    Clock clock() {
      return Clock.fixed(T0, ZoneOffset.UTC);
    }

    /** Marks held until a test flushes them. */
    @Bean
    PlacementMarks placementMarks(MongoTemplate mongo) {
      return new PlacementMarks(
          mongo.getCollection(MongoOrderEventStore.COMMITS),
          Duration.ofHours(1),
          10_000,
          () -> {},
          () -> {});
    }
  }

  @Autowired OrderEventStore store;
  @Autowired MongoOrderEventStore outbox;
  @Autowired MongoTemplate mongo;
  @Autowired PlacementMarks placementMarks;
  @MockitoBean OutboxRelay relay;

  final String orderId = UUID.randomUUID().toString();

  @Test
  void a_stream_reads_back_every_event_in_order_across_many_commits() {
    var written = new ArrayList<OrderEvent>();
    written.add(placed(orderId));
    store.append(store.startStream(orderId), List.of(written.getFirst()));
    for (int version = 2; version <= 9; version++) {
      var event = new OrderConfirmed(orderId, version, T0.plusSeconds(version));
      store.append(store.load(orderId), List.of(event));
      written.add(event);
    }

    assertThat(store.load(orderId).events()).containsExactlyElementsOf(written);
  }

  @Test
  void of_two_appends_after_the_same_revision_only_the_first_is_stored() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    var seenByA = store.load(orderId);
    var seenByB = store.load(orderId);

    assertThat(store.append(seenByA, List.of(new OrderConfirmed(orderId, 2, T0)))).isTrue();

    assertThat(store.append(seenByB, List.of(new OrderConfirmed(orderId, 2, T0)))).isFalse();
    assertThat(store.load(orderId).events()).hasSize(2);
  }

  @Test
  void the_events_of_one_append_are_one_document() {
    store.append(
        store.startStream(orderId), List.of(placed(orderId), new OrderConfirmed(orderId, 2, T0)));

    var commit = mongo.findById(orderId + ":1", Document.class, MongoOrderEventStore.COMMITS);
    assertThat(commit).isNotNull();
    assertThat(commit.getList("events", Document.class)).hasSize(2);
    assertThat(mongo.findById(orderId + ":2", Document.class, MongoOrderEventStore.COMMITS))
        .isNull();
  }

  @Test
  void an_unknown_order_is_an_empty_stream() {
    assertThat(store.load(UUID.randomUUID().toString()).events()).isEmpty();
  }

  @Test
  void a_commit_is_handed_to_the_relay_once_stored_and_a_lost_append_hands_over_nothing() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    assertThat(handedOff()).extracting(OutboxMessage::type).containsExactly("OrderPlaced");
    clearInvocations(relay);
    var stale = store.startStream(orderId);

    assertThat(store.append(stale, List.of(placed(orderId)))).isFalse();

    verify(relay, never()).handOff(anyList());
  }

  @Test
  void commits_not_yet_published_go_to_the_relay_ahead_of_the_next_one() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    clearInvocations(relay);

    store.append(store.load(orderId), List.of(new OrderConfirmed(orderId, 2, T0)));

    assertThat(handedOff())
        .extracting(OutboxMessage::type)
        .containsExactly("OrderPlaced", "OrderConfirmed");
  }

  @Test
  void a_placement_is_remembered_for_one_reply_which_appends_its_decision_alone() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    // Gone from the store: whatever answers now answers from memory.
    mongo
        .getCollection(MongoOrderEventStore.COMMITS)
        .deleteOne(new Document("_id", orderId + ":1"));
    clearInvocations(relay);

    var remembered = store.loadReplied(List.of(orderId)).get(orderId);

    assertThat(remembered.events()).containsExactly(placed(orderId));
    // Once: the next reply reads the store.
    var other = UUID.randomUUID().toString();
    assertThat(store.loadReplied(List.of(orderId, other)))
        .containsOnlyKeys(orderId, other)
        .allSatisfy((id, stream) -> assertThat(stream.events()).isEmpty());
    assertThat(store.append(remembered, List.of(new OrderConfirmed(orderId, 2, T0)))).isTrue();
    // The placement counts as published (a reply answers it): the decision goes alone.
    assertThat(handedOff()).extracting(OutboxMessage::type).containsExactly("OrderConfirmed");
  }

  @Test
  void an_order_changed_here_after_its_placement_is_read_for_its_reply() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    store.append(store.load(orderId), List.of(new OrderConfirmed(orderId, 2, T0)));

    assertThat(store.loadReplied(List.of(orderId)).get(orderId).events())
        .containsExactly(placed(orderId), new OrderConfirmed(orderId, 2, T0));
  }

  @Test
  void remembering_no_placements_reads_every_reply() {
    var none = rememberingNone();
    none.append(none.startStream(orderId), List.of(placed(orderId)));
    mongo
        .getCollection(MongoOrderEventStore.COMMITS)
        .deleteOne(new Document("_id", orderId + ":1"));

    assertThat(none.loadReplied(List.of(orderId)).get(orderId).events()).isEmpty();
  }

  @Test
  void the_sweep_finds_commits_not_yet_published_until_they_are_marked() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));

    var unpublished =
        outbox.findUnpublished(T0.plusSeconds(1), 1000).stream()
            .filter(message -> message.key().equals(orderId))
            .toList();
    assertThat(unpublished).extracting(OutboxMessage::type).containsExactly("OrderPlaced");

    markPublished(unpublished);

    assertThat(outbox.findUnpublished(T0.plusSeconds(1), 1000))
        .noneMatch(message -> message.key().equals(orderId));
    assertThat(store.load(orderId).events()).hasSize(1);
  }

  @Test
  void the_backlog_counts_the_events_of_commits_not_yet_published_at_most_the_limit() {
    var later = T0.plusSeconds(1);
    var before = outbox.countUnpublished(later, 100_000);
    var youngBefore = outbox.countUnpublished(T0, 100_000);
    store.append(store.startStream(orderId), List.of(placed(orderId)));

    // Committed at T0: younger than a grace that ends at T0, in flight, not counted.
    assertThat(outbox.countUnpublished(T0, 100_000)).isEqualTo(youngBefore);
    assertThat(outbox.countUnpublished(later, 100_000)).isEqualTo(before + 1);
    assertThat(outbox.countUnpublished(later, 1)).isEqualTo(1);
    markPublished(unpublishedOf(orderId));
    assertThat(outbox.countUnpublished(later, 100_000)).isEqualTo(before);
  }

  @Test
  void a_placements_mark_waits_for_its_decision_and_goes_to_the_store_with_its_reminders_removal() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    var reminders = new MongoPendingOrders(mongo, placementMarks);

    outbox.markPublished(unpublishedOf(orderId));
    placementMarks.flush();

    assertThat(unpublishedOf(orderId)).isNotEmpty();
    reminders.removeAll(List.of(orderId));
    var placement = firstCommit();
    assertThat(placement.getBoolean(MongoOrderEventStore.PUBLISHED)).isTrue();
    assertThat(placement).doesNotContainKey(MongoPendingOrders.AWAITING);
    // Taken: no flush writes it again.
    assertThat(placementMarks.take(List.of(orderId))).isEmpty();
  }

  @Test
  void
      a_placements_mark_nobody_takes_is_written_alone_at_the_second_flush_and_later_marks_at_once() {
    store.append(store.startStream(orderId), List.of(placed(orderId)));
    store.append(store.load(orderId), List.of(new OrderConfirmed(orderId, 2, T0)));

    outbox.markPublished(unpublishedOf(orderId));

    assertThat(unpublishedOf(orderId))
        .extracting(OutboxMessage::type)
        .containsExactly("OrderPlaced");
    placementMarks.flush();
    assertThat(unpublishedOf(orderId)).isNotEmpty();
    placementMarks.flush();
    assertThat(unpublishedOf(orderId)).isEmpty();
    assertThat(firstCommit().getBoolean(MongoPendingOrders.AWAITING)).isTrue();
  }

  @Test
  void a_placement_read_for_its_reply_counts_as_published_so_the_decision_goes_alone() {
    var elsewhere = rememberingNone();
    elsewhere.append(elsewhere.startStream(orderId), List.of(placed(orderId)));
    clearInvocations(relay);

    var read = elsewhere.loadReplied(List.of(orderId)).get(orderId);

    assertThat(read.events()).containsExactly(placed(orderId));
    assertThat(elsewhere.append(read, List.of(new OrderConfirmed(orderId, 2, T0)))).isTrue();
    assertThat(handedOff()).extracting(OutboxMessage::type).containsExactly("OrderConfirmed");
    // Read for anything else, an unpublished placement goes first.
    clearInvocations(relay);
    var other = UUID.randomUUID().toString();
    elsewhere.append(elsewhere.startStream(other), List.of(placed(other)));
    clearInvocations(relay);
    elsewhere.append(elsewhere.load(other), List.of(new OrderConfirmed(other, 2, T0)));
    assertThat(handedOff())
        .extracting(OutboxMessage::type)
        .containsExactly("OrderPlaced", "OrderConfirmed");
  }

  private MongoOrderEventStore rememberingNone() {
    return new MongoOrderEventStore(
        mongo,
        new EventJson(),
        relay,
        Clock.systemUTC(),
        new EventStoreProperties(0),
        PlacementMarks.none(mongo.getCollection(MongoOrderEventStore.COMMITS)));
  }

  /** Marks and writes what is marked, placements included. */
  private void markPublished(List<OutboxMessage> messages) {
    outbox.markPublished(messages);
    placementMarks.flush();
    placementMarks.flush();
  }

  private List<OutboxMessage> unpublishedOf(String orderId) {
    return outbox.findUnpublished(T0.plusSeconds(1), 100_000).stream()
        .filter(message -> message.key().equals(orderId))
        .toList();
  }

  private Document firstCommit() {
    return Objects.requireNonNull(
        mongo.findById(orderId + ":1", Document.class, MongoOrderEventStore.COMMITS));
  }

  @SuppressWarnings("unchecked")
  private List<OutboxMessage> handedOff() {
    ArgumentCaptor<List<OutboxMessage>> messages = ArgumentCaptor.forClass(List.class);
    verify(relay).handOff(messages.capture());
    return messages.getValue();
  }

  private static OrderPlaced placed(String orderId) {
    return new OrderPlaced(
        orderId, 1, T0, "c-1", List.of(new OrderLine("SKU-1", 1, BigDecimal.TEN)), BigDecimal.TEN);
  }
}
