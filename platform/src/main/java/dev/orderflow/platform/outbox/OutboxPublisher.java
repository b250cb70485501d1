package dev.orderflow.platform.outbox;

import java.util.List;

/**
 * Puts a batch of outbox messages on Kafka, in order, and returns once Kafka acknowledged every
 * one. The {@link OutboxRelay} decides what to send and when; a publisher only sends, so a fault or
 * a measurement can wrap it ({@link RelayFaults}) without touching the relay.
 */
public interface OutboxPublisher {

  /**
   * Sends the batch and waits for Kafka's acknowledgements.
   *
   * @return false if the batch was not sent: the relay keeps it and sends it first, later
   * @throws RuntimeException if a send failed or timed out; the relay sends the batch again
   */
  boolean publish(List<OutboxMessage> batch);
}
