package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.OrderOutcome;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A duplicate key on a notification's upsert, as MongoDB reports it: it may mean another consumer
 * completed the notification, or that one created it PENDING (deferred) between this upsert's match
 * and its insert. Only a second try tells them apart, and one is enough. The database is a mock
 * here because that interleaving cannot be produced on demand against a real one.
 */
class NotificationUpsertRetryTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123Z");
  static final String RECIPIENT = "c-1@customers.orderflow.dev";

  @SuppressWarnings("unchecked")
  final MongoCollection<Document> collection = mock(MongoCollection.class);

  final OutboxRelay relay = mock(OutboxRelay.class);
  final List<List<WriteModel<Document>>> bulks = new ArrayList<>();
  NotificationStore store;

  @BeforeEach
  void store() {
    var mongo = mock(MongoTemplate.class);
    when(mongo.getCollection(NotificationStore.COLLECTION)).thenReturn(collection);
    when(collection.updateMany(any(Bson.class), any(Bson.class)))
        .thenReturn(UpdateResult.acknowledged(0, 0L, null));
    when(relay.traceparent()).thenReturn(Optional.empty());
    store = new NotificationStore(mongo, new EventJson(), relay, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void a_duplicate_key_then_a_match_is_a_notification_deferred_meanwhile_and_is_completed() {
    answers(duplicateKeyAt(0), written());
    assertThat(markSentNotStoredYet("o-1")).isTrue();

    assertThat(bulks).hasSize(2);
    verify(relay).handOff(anyList());
  }

  @Test
  void a_duplicate_key_twice_is_a_notification_completed_elsewhere_and_is_not_tried_a_third_time() {
    answers(duplicateKeyAt(0), duplicateKeyAt(0));
    assertThat(markSentNotStoredYet("o-1")).isFalse();

    assertThat(bulks).hasSize(2);
    verify(relay, never()).handOff(anyList());
  }

  @Test
  void in_a_bulk_only_the_losers_are_tried_again_and_only_the_winners_are_announced() {
    answers(duplicateKeyAt(1, 2), duplicateKeyAt(1));
    var outcomes = List.of(outcome("o-0"), outcome("o-1"), outcome("o-2"));
    var found = store.lookUpAll(outcomes, List.of(RECIPIENT, RECIPIENT, RECIPIENT));
    var completions = new ArrayList<NotificationStore.Completion>();
    for (int i = 0; i < outcomes.size(); i++) {
      completions.add(store.sent(found.get(i), outcomes.get(i), NOW));
    }

    assertThat(store.completeAll(completions))
        .containsExactlyInAnyOrder("o-0:ORDER_CONFIRMED", "o-1:ORDER_CONFIRMED");

    assertThat(bulks).extracting(List::size).containsExactly(3, 2);
    verify(relay, times(2)).handOff(anyList());
  }

  /** {@link NotificationStore#markSent} for a notification the look-up did not find stored. */
  private boolean markSentNotStoredYet(String orderId) {
    var outcome = outcome(orderId);
    var found = store.lookUpAll(List.of(outcome), List.of(RECIPIENT)).getFirst();
    return store.markSent(found, outcome, NOW);
  }

  private static OrderOutcome outcome(String orderId) {
    return new OrderOutcome(orderId, NotificationKind.ORDER_CONFIRMED, null, NOW);
  }

  /** Each bulk write, in turn, throws or returns what is given; every bulk is recorded. */
  @SuppressWarnings("unchecked")
  private void answers(Object... results) {
    when(collection.find(any(Bson.class))).thenReturn(mock(com.mongodb.client.FindIterable.class));
    var next = new int[] {0};
    when(collection.bulkWrite(anyList(), any(BulkWriteOptions.class)))
        .thenAnswer(invocation -> {
          bulks.add(List.copyOf((List<WriteModel<Document>>) invocation.getArgument(0)));
          var result = results[next[0]++];
          if (result instanceof RuntimeException failure) {
            throw failure;
          }
          return result;
        });
  }

  private static MongoBulkWriteException duplicateKeyAt(int... indexes) {
    var errors = new ArrayList<BulkWriteError>();
    for (var index : indexes) {
      errors.add(new BulkWriteError(11000, "E11000 duplicate key", new BsonDocument(), index));
    }
    return new MongoBulkWriteException(
        BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
        errors,
        null,
        new ServerAddress(),
        Set.of());
  }

  private static BulkWriteResult written() {
    return BulkWriteResult.acknowledged(0, 1, 0, 1, List.of(), List.of());
  }
}
