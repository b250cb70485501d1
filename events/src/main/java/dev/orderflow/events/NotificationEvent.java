package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.Objects;

/** Events of notification-service, published to {@link Topics#NOTIFICATION_EVENTS} by order id. */
public sealed interface NotificationEvent extends DomainEvent {

  /** Every event of an order's saga is about the order. */
  @Override
  default String subjectName() {
    return "orderId";
  }

  String orderId();

  NotificationKind kind();

  @Override
  default String subject() {
    return orderId();
  }

  /** The SMTP server accepted the email for the order's state. */
  @JsonTypeName("NotificationSent")
  record NotificationSent(
      String orderId, NotificationKind kind, Instant occurredAt, String recipient)
      implements NotificationEvent {

    public NotificationSent {
      Bounds.identifier(orderId, "orderId");
      Objects.requireNonNull(kind, "kind");
      Bounds.time(occurredAt, "occurredAt");
      Bounds.text(recipient, "recipient");
    }

    @Override
    public String eventId() {
      return "notification/" + orderId + "/" + kind + "/sent";
    }
  }

  /** The email could not be delivered; {@code reason} says why. */
  @JsonTypeName("NotificationFailed")
  record NotificationFailed(
      String orderId, NotificationKind kind, Instant occurredAt, String recipient, String reason)
      implements NotificationEvent {

    public NotificationFailed {
      Bounds.identifier(orderId, "orderId");
      Objects.requireNonNull(kind, "kind");
      Bounds.time(occurredAt, "occurredAt");
      Bounds.text(recipient, "recipient");
      Bounds.text(reason, "reason");
    }

    @Override
    public String eventId() {
      return "notification/" + orderId + "/" + kind + "/failed";
    }
  }
}
