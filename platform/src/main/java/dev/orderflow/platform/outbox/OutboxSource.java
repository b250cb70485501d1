package dev.orderflow.platform.outbox;

import java.time.Instant;
import java.util.List;

/**
 * A collection whose documents carry events next to the state change that produced them, written in
 * one atomic write. The {@link OutboxRelay} reads from it only to recover: normally the writer
 * hands the stored messages straight to the relay.
 */
public interface OutboxSource {

  /** Names the source in metrics and in {@link OutboxMessage#source()}. */
  String name();

  /**
   * Messages stored before {@code storedBefore} and not yet marked published, in publishing order
   * (for any one key, the order they were stored in), at most {@code limit}.
   */
  List<OutboxMessage> findUnpublished(Instant storedBefore, int limit);

  /**
   * How many messages stored before {@code storedBefore} are not yet marked published, counting at
   * most {@code limit}: what a sweep would take, as {@link #findUnpublished} selects it, so the
   * messages in flight (handed to a relay, not yet acknowledged) are left out. The {@code
   * outbox_backlog_events} gauge, which every instance reads on a schedule. It reads no payload.
   */
  long countUnpublished(Instant storedBefore, int limit);

  /** Records that Kafka acknowledged these messages. Safe to repeat. */
  void markPublished(List<OutboxMessage> messages);
}
