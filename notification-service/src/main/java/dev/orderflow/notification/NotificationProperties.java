package dev.orderflow.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sender the {@code From} address of every email
 * @param retries how an email the SMTP server turned away for now is tried again
 */
@ConfigurationProperties("orderflow.notification")
record NotificationProperties(
    @DefaultValue("orders@orderflow.dev") String sender, @DefaultValue Retries retries) {

  /**
   * The deferred retries of one email (ADR 11): its notification is marked with the time of its
   * next attempt, its record is done with, and {@link DeferredEmailSweep} sends it when it is due.
   *
   * @param attempts attempts in all, the first one included; the last one that fails gives the
   *     email up (FAILED and {@code NotificationFailed})
   * @param initialDelay the delay before the second attempt; each later one is {@code multiplier}
   *     times longer, up to {@code maxDelay}. The defaults, 30 s, 2 min and 8 min, outlast
   *     greylisting and a full mailbox being emptied, not a day-long problem: that is announced.
   * @param sweepInterval how often the sweep looks for deferred emails that are due
   * @param sweepBatch at most this many emails per sweep, the earliest due first
   */
  record Retries(
      @DefaultValue("4") int attempts,
      @DefaultValue("30s") Duration initialDelay,
      @DefaultValue("4.0") double multiplier,
      @DefaultValue("10m") Duration maxDelay,
      @DefaultValue("5s") Duration sweepInterval,
      @DefaultValue("100") int sweepBatch) {

    /** The wait after failed attempt {@code attempt} (1 for the first) before the next one. */
    Duration delayAfter(int attempt) {
      var millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
      return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
  }
}
