package dev.orderflow.notification;

import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.OrderOutcome;
import java.util.List;
import java.util.function.Supplier;

/**
 * Emails the customer about an outcome of their order: {@link OrderNotifier} does, {@link
 * MeteredNotifier} counts what became of each email around it.
 */
interface Notifier {

  /** The email of an outcome, as its record arrives. */
  Delivery deliver(OrderOutcome outcome);

  /** The next attempt of a deferred email, when the sweep finds it due. */
  Delivery retry(DeferredEmail email);

  /**
   * The next attempt of a deferred email failed with {@code failure} instead of a send result:
   * charged as an attempt (deferred again, or given up after the last).
   */
  Delivery retryFailed(DeferredEmail email, RuntimeException failure);

  /**
   * The emails of a batch's outcomes, in order, as {@link #deliver} would deliver them one by one,
   * in a few commands and over one SMTP connection. One delivery per outcome, up to and including
   * the first {@link Delivery.WaitingForSmtp}: the outcomes after it are not handled (their records
   * wait with it), while everything before it is done and stored.
   *
   * @throws DeliveriesInterruptedException a failure after some outcomes were dealt with, which it
   *     names ({@link OutcomeFailedException} when the failure is one outcome's)
   * @param scope runs the work of outcome {@code i} in its record's logging context and trace
   */
  List<Delivery> deliverAll(List<OrderOutcome> outcomes, Scope scope);

  /** Runs the work of one outcome of a batch in its record's context. */
  interface Scope {

    <T> T of(int index, Supplier<T> work);

    /** No context of its own: for callers without records. */
    Scope NONE =
        new Scope() {
          @Override
          public <T> T of(int index, Supplier<T> work) {
            return work.get();
          }
        };
  }
}
