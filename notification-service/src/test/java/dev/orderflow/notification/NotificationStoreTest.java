package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.never;
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
  void the_first_claim_stores_the_email_pending_and_every_later_one_finds_it() {
    var first = store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW);
    var again = store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW.plusSeconds(9));

    assertThat(first)
        .isEqualTo(
            new Notification(
                orderId + ":ORDER_CONFIRMED",
                orderId,
                NotificationKind.ORDER_CONFIRMED,
                "c-1@customers.orderflow.dev",
                NotificationStatus.PENDING,
                0,
                null,
                null,
                null));
    assertThat(again).isEqualTo(first);
  }

  @Test
  void sent_is_recorded_with_its_announcement_in_one_write_and_handed_to_the_relay() {
    var claimed = store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW);

    assertThat(store.markSent(claimed, NOW)).isTrue();

    assertThat(store.find(claimed.id()))
        .hasValueSatisfying(sent -> {
          assertThat(sent.status()).isEqualTo(NotificationStatus.SENT);
          assertThat(sent.sentAt()).isEqualTo(NOW);
          assertThat(sent.attempts()).isEqualTo(1);
        });
    assertThat(outboxTypes(claimed.id())).containsExactly("NotificationSent");
    assertThat(handedOff()).extracting(OutboxMessage::type).containsExactly("NotificationSent");
  }

  @Test
  void a_final_state_is_never_overwritten_nor_announced_twice() {
    var claimed = store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW);
    store.markSent(claimed, NOW);

    assertThat(store.markSent(claimed, NOW)).isFalse();
    assertThat(store.markFailed(claimed, "550 no such user", NOW)).isFalse();
    assertThat(store.defer(claimed, "450 mailbox full", NOW.plusSeconds(30))).isFalse();

    assertThat(store.find(claimed.id()).orElseThrow().status()).isEqualTo(NotificationStatus.SENT);
    assertThat(outboxTypes(claimed.id())).containsExactly("NotificationSent");
  }

  @Test
  void a_deferred_attempt_is_counted_with_its_reason_and_next_time_and_announces_nothing() {
    var claimed = store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW);

    assertThat(store.defer(claimed, "450 mailbox full", NOW.plusSeconds(30))).isTrue();

    var stored = store.find(claimed.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(NotificationStatus.PENDING);
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(stored.lastError()).isEqualTo("450 mailbox full");
    assertThat(stored.nextAttemptAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(stored.deferred()).isTrue();
    assertThat(outboxTypes(claimed.id())).isEmpty();
    verify(relay, never()).handOff(anyList());
  }

  @Test
  void the_sweep_finds_the_deferred_emails_that_are_due_with_their_outcome_earliest_first() {
    var cancelled =
        new OrderOutcome(orderId, NotificationKind.ORDER_CANCELLED, "customer-request", NOW);
    var confirmation = store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW);
    var cancellation = store.claim(cancelled, "c-1@customers.orderflow.dev", NOW);
    var notDeferred =
        store.claim(
            new OrderOutcome(orderId, NotificationKind.ORDER_REJECTED, "out-of-stock", NOW),
            "c-1@customers.orderflow.dev",
            NOW);
    store.defer(cancellation, "450 mailbox full", NOW.plusSeconds(10));
    store.defer(confirmation, "450 mailbox full", NOW.plusSeconds(20));

    assertThat(store.due(NOW.plusSeconds(5), 10)).noneMatch(this::ofThisOrder);
    assertThat(store.due(NOW.plusSeconds(20), 10))
        .filteredOn(this::ofThisOrder)
        .extracting(email -> email.notification().id())
        .containsExactly(cancellation.id(), confirmation.id())
        .doesNotContain(notDeferred.id());
    assertThat(store.due(NOW.plusSeconds(20), 1))
        .singleElement()
        .satisfies(email -> assertThat(email.outcome()).isEqualTo(cancelled));
    store.markSent(store.find(cancellation.id()).orElseThrow(), NOW.plusSeconds(21));
    assertThat(store.due(NOW.plusSeconds(30), 10))
        .filteredOn(this::ofThisOrder)
        .extracting(email -> email.notification().id())
        .containsExactly(confirmation.id());
    assertThat(store.find(cancellation.id()).orElseThrow().nextAttemptAt()).isNull();
  }

  @Test
  void giving_up_records_failed_with_its_reason_and_announcement() {
    var claimed = store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW);

    assertThat(store.markFailed(claimed, "550 no such user", NOW)).isTrue();

    var stored = store.find(claimed.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(NotificationStatus.FAILED);
    assertThat(stored.lastError()).isEqualTo("550 no such user");
    assertThat(stored.sentAt()).isNull();
    assertThat(outboxTypes(claimed.id())).containsExactly("NotificationFailed");
  }

  @Test
  void the_emails_of_an_order_are_listed_in_the_order_of_their_kinds() {
    var cancelled =
        new OrderOutcome(orderId, NotificationKind.ORDER_CANCELLED, "customer-request", NOW);
    store.claim(cancelled, "c-1@customers.orderflow.dev", NOW);
    store.claim(confirmed(), "c-1@customers.orderflow.dev", NOW);

    assertThat(store.ofOrder(orderId))
        .extracting(Notification::kind)
        .containsExactly(NotificationKind.ORDER_CONFIRMED, NotificationKind.ORDER_CANCELLED);
    assertThat(store.ofOrder(UUID.randomUUID().toString())).isEmpty();
  }

  /** The collection is shared by the tests of this class. */
  private boolean ofThisOrder(DeferredEmail email) {
    return email.outcome().orderId().equals(orderId);
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
