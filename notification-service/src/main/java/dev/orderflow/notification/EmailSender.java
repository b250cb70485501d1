package dev.orderflow.notification;

import dev.orderflow.notification.domain.OrderEmail;

/**
 * Hands an email to SMTP: {@link SmtpEmailSender} does, {@link SmtpFaults} stands in front of it
 * for the operator's faults, and {@link ResilientEmailSender} wraps the two in resilience4j.
 */
interface EmailSender {

  /**
   * Returns once the SMTP server accepted the email.
   *
   * @throws EmailNotSentException saying whose problem the failure is
   */
  void send(OrderEmail email);
}
