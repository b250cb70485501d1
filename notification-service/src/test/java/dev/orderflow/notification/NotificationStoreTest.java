package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.notification.domain.OrderOutcome;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.EmbeddedOutbox;
import dev.orderflow.platform.outbox.OutboxMessage;
import dev.orderflow.platform.outbox.OutboxRelay;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The notifications' MongoDB adapter in a data slice, on the in-process MongoDB server of the
 * integration tests, without Kafka: the relay is a stub that only records what it was handed.
 */
@DataMongoTest
@Import({NotificationStore.class, NotificationStoreTest.Fixed.class})
class NotificationStoreTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123Z");
  static final String RECIPIENT = "c-1@customers.orderflow.dev";
  static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory(0);

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> MONGO.connectionString("notifications"));
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Fixed {

    @Bean
    EventJson eventJson() {
      return new EventJson();
    }

    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  @Autowired NotificationStore store;
  @Autowired MongoTemplate mongo;
  @MockitoBean OutboxRelay relay;

  final String orderId = UUID.randomUUID().toString();

  @Test
  void nothing_is_stored_before_the_send_and_a_copy_finds_what_the_first_write_stored() {
    var unsent = store.lookUp(confirmed(), RECIPIENT);

    assertThat(unsent)
        .isEqualTo(
            new Notification(
                orderId + ":ORDER_CONFIRMED",
                orderId,
                NotificationKind.ORDER_CONFIRMED,
                RECIPIENT,
                NotificationStatus.PENDING,
                0,
                null,
                null,
                null));
    assertThat(store.find(unsent.id())).isEmpty();

    assertThat(store.markSent(unsent, confirmed(), NOW)).isTrue();

    assertThat(store.lookUp(confirmed(), RECIPIENT))
        .isEqualTo(
            new Notification(
                unsent.id(),
                orderId,
                NotificationKind.ORDER_CONFIRMED,
                RECIPIENT,
                NotificationStatus.SENT,
                1,
                NOW,
                null,
                null));
    assertThat(store.lookUpAll(List.of(confirmed(), cancelled()), List.of(RECIPIENT, RECIPIENT)))
        .extracting(Notification::status, Notification::attempts)
        .containsExactly(tuple(NotificationStatus.SENT, 1), tuple(NotificationStatus.PENDING, 0));
  }

  @Test
  void sent_is_stored_with_its_outcome_and_announcement_in_one_write_and_handed_to_the_relay() {
    var unsent = store.lookUp(confirmed(), RECIPIENT);

    assertThat(store.markSent(unsent, confirmed(), NOW)).isTrue();

    assertThat(store.find(unsent.id()))
        .hasValueSatisfying(sent -> {
          assertThat(sent.status()).isEqualTo(NotificationStatus.SENT);
          assertThat(sent.sentAt()).isEqualTo(NOW);
          assertThat(sent.attempts()).isEqualTo(1);
        });
    var document = mongo.findById(unsent.id(), Document.class, NotificationStore.COLLECTION);
    assertThat(document)
        .isNotNull()
        .containsEntry("orderId", orderId)
        .containsEntry("kind", "ORDER_CONFIRMED")
        .containsEntry("recipient", RECIPIENT)
        .containsEntry("occurredAt", Date.from(NOW))
        .containsEntry("createdAt", Date.from(NOW))
        .containsEntry("lastError", null)
        .containsEntry("nextAttemptAt", null);
    assertThat(outboxTypes(unsent.id())).containsExactly("NotificationSent");
    assertThat(handedOff()).extracting(OutboxMessage::type).containsExactly("NotificationSent");
  }

  @Test
  void a_final_state_is_never_overwritten_nor_announced_twice() {
    var unsent = store.lookUp(confirmed(), RECIPIENT);
    store.markSent(unsent, confirmed(), NOW);

    assertThat(store.markSent(unsent, confirmed(), NOW)).isFalse();
    assertThat(store.markFailed(unsent, confirmed(), "550 no such user", NOW)).isFalse();
    assertThat(store.defer(unsent, confirmed(), "450 mailbox full", NOW, NOW.plusSeconds(30)))
        .isFalse();
    assertThat(store.completeAll(List.of(store.sent(unsent, confirmed(), NOW)))).isEmpty();

    assertThat(store.find(unsent.id()).orElseThrow().status()).isEqualTo(NotificationStatus.SENT);
    assertThat(outboxTypes(unsent.id())).containsExactly("NotificationSent");
  }

  @Test
  void a_bulk_stores_the_pending_and_the_missing_ones_and_tells_those_done_elsewhere_apart() {
    var rejected = new OrderOutcome(orderId, NotificationKind.ORDER_REJECTED, "out-of-stock", NOW);
    var done = store.lookUp(confirmed(), RECIPIENT);
    store.markSent(done, confirmed(), NOW);
    store.defer(store.lookUp(cancelled(), RECIPIENT), cancelled(), "450 mailbox full", NOW, NOW);
    var deferred = store.lookUp(cancelled(), RECIPIENT);
    var missing = store.lookUp(rejected, RECIPIENT);

    var won =
        store.completeAll(
            List.of(
                store.sent(done, confirmed(), NOW.plusSeconds(1)),
                store.sent(deferred, cancelled(), NOW.plusSeconds(1)),
                store.sent(missing, rejected, NOW.plusSeconds(1))));

    assertThat(won).containsExactlyInAnyOrder(deferred.id(), missing.id());
    assertThat(store.ofOrder(orderId))
        .extracting(Notification::kind, Notification::status, Notification::attempts)
        .containsExactly(
            tuple(NotificationKind.ORDER_CONFIRMED, NotificationStatus.SENT, 1),
            tuple(NotificationKind.ORDER_REJECTED, NotificationStatus.SENT, 1),
            tuple(NotificationKind.ORDER_CANCELLED, NotificationStatus.SENT, 2));
    assertThat(store.find(done.id()).orElseThrow().sentAt()).as("not overwritten").isEqualTo(NOW);
    assertThat(outboxTypes(done.id())).containsExactly("NotificationSent");
    verify(relay, times(3)).handOff(anyList());
  }

  @Test
  void a_deferred_attempt_is_stored_with_its_outcome_reason_and_next_time_and_announces_nothing() {
    var cancelled = cancelled();
    var unsent = store.lookUp(cancelled, RECIPIENT);

    assertThat(store.defer(unsent, cancelled, "450 mailbox full", NOW, NOW.plusSeconds(30)))
        .isTrue();

    var stored = store.find(unsent.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(stored.lastError()).isEqualTo("450 mailbox full");
    assertThat(stored.nextAttemptAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(stored.deferred()).isTrue();
    assertThat(store.due(NOW.plusSeconds(30), 10))
        .filteredOn(this::ofThisOrder)
        .singleElement()
        .satisfies(email -> assertThat(email.outcome()).isEqualTo(cancelled));
    assertThat(outboxTypes(unsent.id())).isEmpty();
    verify(relay, never()).handOff(anyList());

    assertThat(store.defer(stored, cancelled, "450 mailbox full", NOW, NOW.plusSeconds(150)))
        .isTrue();
    assertThat(store.find(unsent.id()).orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void the_sweep_finds_the_deferred_emails_that_are_due_with_their_outcome_earliest_first() {
    var cancelled = cancelled();
    var confirmation = store.lookUp(confirmed(), RECIPIENT);
    var cancellation = store.lookUp(cancelled, RECIPIENT);
    var rejected = new OrderOutcome(orderId, NotificationKind.ORDER_REJECTED, "out-of-stock", NOW);
    var sent = store.lookUp(rejected, RECIPIENT);
    store.defer(cancellation, cancelled, "450 mailbox full", NOW, NOW.plusSeconds(10));
    store.defer(confirmation, confirmed(), "450 mailbox full", NOW, NOW.plusSeconds(20));
    store.markSent(sent, rejected, NOW);

    assertThat(store.due(NOW.plusSeconds(5), 10)).noneMatch(this::ofThisOrder);
    assertThat(store.due(NOW.plusSeconds(20), 10))
        .filteredOn(this::ofThisOrder)
        .extracting(email -> email.notification().id())
        .containsExactly(cancellation.id(), confirmation.id())
        .doesNotContain(sent.id());
    assertThat(store.due(NOW.plusSeconds(20), 1))
        .singleElement()
        .satisfies(email -> assertThat(email.outcome()).isEqualTo(cancelled));
    store.markSent(store.find(cancellation.id()).orElseThrow(), cancelled, NOW.plusSeconds(21));
    assertThat(store.due(NOW.plusSeconds(30), 10))
        .filteredOn(this::ofThisOrder)
        .extracting(email -> email.notification().id())
        .containsExactly(confirmation.id());
    assertThat(store.find(cancellation.id()).orElseThrow())
        .satisfies(email -> {
          assertThat(email.status()).isEqualTo(NotificationStatus.SENT);
          assertThat(email.attempts()).isEqualTo(2);
          assertThat(email.nextAttemptAt()).isNull();
        });
  }

  @Test
  void giving_up_records_failed_with_its_reason_and_announcement() {
    var unsent = store.lookUp(confirmed(), RECIPIENT);

    assertThat(store.markFailed(unsent, confirmed(), "550 no such user", NOW)).isTrue();

    var stored = store.find(unsent.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(NotificationStatus.FAILED);
    assertThat(stored.lastError()).isEqualTo("550 no such user");
    assertThat(stored.sentAt()).isNull();
    assertThat(outboxTypes(unsent.id())).containsExactly("NotificationFailed");
  }

  @Test
  void the_emails_of_an_order_are_listed_in_the_order_of_their_kinds() {
    var cancelled = cancelled();
    store.markSent(store.lookUp(cancelled, RECIPIENT), cancelled, NOW);
    store.markSent(store.lookUp(confirmed(), RECIPIENT), confirmed(), NOW);

    assertThat(store.ofOrder(orderId))
        .extracting(Notification::kind)
        .containsExactly(NotificationKind.ORDER_CONFIRMED, NotificationKind.ORDER_CANCELLED);
    assertThat(store.ofOrder(UUID.randomUUID().toString())).isEmpty();
  }

  /** The collection is shared by the tests of this class. */
  private boolean ofThisOrder(DeferredEmail email) {
    return email.outcome().orderId().equals(orderId);
  }

  private OrderOutcome cancelled() {
    return new OrderOutcome(orderId, NotificationKind.ORDER_CANCELLED, "customer-request", NOW);
  }

  private OrderOutcome confirmed() {
    return new OrderOutcome(orderId, NotificationKind.ORDER_CONFIRMED, null, NOW);
  }

  private List<String> outboxTypes(String id) {
    var document = mongo.findById(id, Document.class, NotificationStore.COLLECTION);
    assertThat(document).isNotNull();
    return document.getList(EmbeddedOutbox.FIELD, Document.class).stream()
        .map(entry -> entry.getString("type"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private List<OutboxMessage> handedOff() {
    ArgumentCaptor<List<OutboxMessage>> messages = ArgumentCaptor.forClass(List.class);
    verify(relay).handOff(messages.capture());
    return messages.getValue();
  }
}
