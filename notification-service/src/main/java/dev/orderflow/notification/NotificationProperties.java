package dev.orderflow.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sender the {@code From} address of every email
 * @param retryTopics how an email the SMTP server turned away for now is tried again
 */
@ConfigurationProperties("orderflow.notification")
record NotificationProperties(
    @DefaultValue("orders@orderflow.dev") String sender, @DefaultValue RetryTopics retryTopics) {

  /**
   * The non-blocking retries of one email (ADR 11): its record is sent to the next retry topic and
   * comes back after the delay, while its partition moves on.
   *
   * @param attempts attempts in all, the first one included; the last one that fails gives the
   *     email up (FAILED and {@code NotificationFailed}). One retry topic per attempt after the
   *     first.
   * @param initialDelay the delay before the second attempt; each later one is {@code multiplier}
   *     times longer, up to {@code maxDelay}. The defaults, 30 s, 2 min and 8 min, outlast
   *     greylisting and a full mailbox being emptied, not a day-long problem: that is announced.
   */
  record RetryTopics(
      @DefaultValue("4") int attempts,
      @DefaultValue("30s") Duration initialDelay,
      @DefaultValue("4.0") double multiplier,
      @DefaultValue("10m") Duration maxDelay) {}
}
