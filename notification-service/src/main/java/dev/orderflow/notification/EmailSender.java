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

  /**
   * A sender whose emails share one SMTP connection until it is closed: the emails of a batch. By
   * default each email still gets a connection of its own.
   */
  default Connection connect() {
    return new Connection() {
      @Override
      public void send(OrderEmail email) {
        EmailSender.this.send(email);
      }

      @Override
      public void close() {}
    };
  }

  /** One SMTP connection, opened at its first email and reopened after a failed one. */
  interface Connection extends EmailSender, AutoCloseable {

    @Override
    void close();
  }
}
