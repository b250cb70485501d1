package dev.orderflow.notification;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One email of an order as the API shows it; {@code sentAt} is null until it was sent. */
record NotificationResponse(
    String orderId, NotificationKind kind, NotificationStatus status, @Nullable Instant sentAt) {

  static NotificationResponse of(Notification notification) {
    return new NotificationResponse(
        notification.orderId(), notification.kind(), notification.status(), notification.sentAt());
  }
}
