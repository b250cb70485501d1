package dev.orderflow.notification.domain;

/**
 * What became of handing one email to SMTP, and so what becomes of its record. One outcome per way
 * the world can fail, each with one answer (the classification ADR 11 explains):
 *
 * <ul>
 *   <li>{@link Sent}: recorded SENT.
 *   <li>{@link SmtpUnavailable}: the server's problem. The record waits where it is; while the
 *       circuit is open the consumers are paused, so nothing is skipped or counted against the
 *       email.
 *   <li>{@link Deferred}: this email's problem, for now. It is tried again later by the
 *       deferred-email sweep, so the partition moves on; after the last attempt it is given up.
 *   <li>{@link Refused}: this email's problem, for good. Given up at once.
 * </ul>
 *
 * Failures of our own making (a message that cannot be composed) are not results: they are thrown,
 * retried a few times in place and then dead-lettered like any other bug.
 */
public sealed interface SendResult {

  record Sent() implements SendResult {}

  /** Unreachable, failing, busy, or the circuit breaker is open. */
  record SmtpUnavailable(String reason) implements SendResult {}

  /** Refused for now (a 4xx reply), or no answer within the time limit. */
  record Deferred(String reason) implements SendResult {}

  /** Refused for good (a 5xx reply). */
  record Refused(String reason) implements SendResult {}
}
