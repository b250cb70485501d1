package dev.orderflow.notification.domain;

/** Where one email stands. SENT and FAILED are final: nothing moves a notification out of them. */
public enum NotificationStatus {
  /**
   * Not final yet: as stored, an email turned away for now that the sweep tries again (or, written
   * by an earlier version, one claimed before its send); in memory, also one about to be sent for
   * the first time, not stored until its attempt is.
   */
  PENDING,
  /** The SMTP server accepted the email. */
  SENT,
  /** Every attempt failed; the customer was not told. */
  FAILED
}
