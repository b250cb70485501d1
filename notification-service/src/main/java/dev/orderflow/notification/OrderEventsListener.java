package dev.orderflow.notification;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.Topics;
import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.OrderOutcome;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.platform.kafka.DependencyUnavailableException;
import dev.orderflow.platform.kafka.RecordFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every order and emails its terminal state, from what the terminal event carries (its
 * {@code Placement}); placements themselves need nothing done.
 *
 * <p>It takes each poll as one batch (issue 19) through the platform's {@link BatchConsumption}:
 * the poll's emails are looked up, sent over one SMTP connection and stored in a few ({@link
 * Notifier#deliverAll}). A record keeps a record listener's error semantics: an email that waits
 * for SMTP fails its own record once every record before it is done; a failure that names no record
 * (MongoDB away, details missing) applies the poll again one record at a time ({@link
 * #on(OrderEvent)}, idempotent like every step here), so it is retried and dead-lettered as that
 * one record's.
 *
 * <p>An email turned away for now does not hold the record: its notification is marked deferred and
 * {@link DeferredEmailSweep} sends it later.
 */
@Component
class OrderEventsListener {

  /**
   * The listener's id, which {@link ConsumptionPause} pauses. Not the group: that stays {@code
   * spring.kafka.consumer.group-id}, the service's name.
   */
  static final String ID = "order-events";

  private final Notifier notifier;
  private final BatchConsumption batches;

  OrderEventsListener(Notifier notifier, BatchConsumption batches) {
    this.notifier = notifier;
    this.batches = batches;
  }

  @KafkaListener(id = ID, idIsGroup = false, batch = "true", topics = Topics.Names.ORDER_EVENTS)
  void on(List<ConsumerRecord<String, Object>> records) {
    batches.consume(records, OrderEvent.class, this::onAll, record -> on(record.event()));
  }

  /** The bulk path: the same effects as {@link #on(OrderEvent)} for each record, in order. */
  void onAll(List<BatchRecord<OrderEvent>> batch) {
    var terminal = new ArrayList<BatchRecord<OrderEvent>>();
    var outcomes = new ArrayList<OrderOutcome>();
    for (var record : batch) {
      OrderOutcome.of(record.event())
          .ifPresent(outcome -> {
            terminal.add(record);
            outcomes.add(outcome);
          });
    }
    if (outcomes.isEmpty()) {
      return;
    }
    List<Delivery> deliveries;
    try {
      deliveries =
          notifier.deliverAll(
              outcomes,
              new Notifier.Scope() {
                @Override
                public <T> T of(int index, Supplier<T> work) {
                  return batches.inScopeOf(terminal.get(index), work);
                }
              });
    } catch (OutcomeFailedException failed) {
      throw new RecordFailedException(terminal.get(failed.index()).index(), failed.getCause());
    } catch (DeliveriesInterruptedException interrupted) {
      // Counted; the failure itself is what the consumer decides on (the per-record fallback).
      throw interrupted.failure();
    }
    for (int i = 0; i < deliveries.size(); i++) {
      try {
        settle(deliveries.get(i));
      } catch (DependencyUnavailableException waiting) {
        throw new RecordFailedException(terminal.get(i).index(), waiting);
      }
    }
  }

  /** One record: the per-record path, and the fallback of the bulk one. */
  void on(OrderEvent event) {
    OrderOutcome.of(event).map(notifier::deliver).ifPresent(OrderEventsListener::settle);
  }

  /**
   * What becomes of the record once its email is dealt with: done (also when the email is deferred
   * and left to the sweep), or retried in place while SMTP is away (the platform's error handler
   * waits for a {@link DependencyUnavailableException}).
   */
  private static void settle(Delivery delivery) {
    switch (delivery) {
      case Delivery.Sent sent -> {}
      case Delivery.Duplicate duplicate -> {}
      case Delivery.CompletedElsewhere elsewhere -> {}
      case Delivery.GivenUp givenUp -> {}
      case Delivery.Deferred deferred -> {}
      case Delivery.LeftToSweep left -> {}
      case Delivery.WaitingForSmtp waiting ->
          throw new DependencyUnavailableException(
              waiting.notificationId() + " waits for SMTP: " + waiting.reason());
    }
  }
}
