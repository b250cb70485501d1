package dev.orderflow.notification.domain;

import dev.orderflow.events.NotificationKind;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One email about one outcome of one order, as stored.
 *
 * @param attempts how many times the email was handed to the SMTP server
 * @param sentAt when the SMTP server accepted it; null unless {@code SENT}
 * @param lastError why the latest attempt failed, if one did
 * @param nextAttemptAt when the deferred-email sweep tries it again; null unless it was turned away
 *     for now and is still {@code PENDING}
 */
public record Notification(
    String id,
    String orderId,
    NotificationKind kind,
    String recipient,
    NotificationStatus status,
    int attempts,
    @Nullable Instant sentAt,
    @Nullable String lastError,
    @Nullable Instant nextAttemptAt) {

  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(status, "status");
  }

  /** Pending, with its next attempt left to the sweep: a copy of its record sends nothing. */
  public boolean deferred() {
    return status == NotificationStatus.PENDING && nextAttemptAt != null;
  }
}
