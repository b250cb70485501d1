package dev.orderflow.notification.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One email about one outcome of one order, ready to send ({@link EmailTemplate} renders it).
 *
 * @param messageId the {@code Message-ID} header, the same for every attempt and every copy, so
 *     that a mail client can recognise an email it was sent twice (see the README)
 * @param date the {@code Date} header: when the order reached the state the email tells of
 */
public record OrderEmail(
    String messageId, String recipient, String subject, String body, Instant date) {

  public OrderEmail {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(date, "date");
  }
}
