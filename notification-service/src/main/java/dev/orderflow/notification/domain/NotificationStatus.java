package dev.orderflow.notification.domain;

/** Where one email stands. SENT and FAILED are final: nothing moves a notification out of them. */
public enum NotificationStatus {
  /** Claimed by a consumer; the email may or may not have reached the SMTP server yet. */
  PENDING,
  /** The SMTP server accepted the email. */
  SENT,
  /** Every attempt failed; the customer was not told. */
  FAILED
}
