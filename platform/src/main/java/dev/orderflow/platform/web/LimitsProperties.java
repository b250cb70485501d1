package dev.orderflow.platform.web;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often one client (one remote address) may call each limited kind of endpoint, e.g. {@code
 * orderflow.limits.clients.writes.per-second=100}. A client within its {@code burst} is served at
 * once; beyond it, at {@code perSecond}.
 *
 * @param clients the limits by name: {@value ClientLimits#WRITES} (every write of the public API),
 *     {@value ClientLimits#STREAM} (subscriptions to the live stream), {@value ClientLimits#ADMIN}
 *     (every admin request), {@value ClientLimits#FAILED_LOGINS} (admin credentials refused)
 * @param remembered how many clients' buckets are kept; the least recently seen go first
 */
@ConfigurationProperties("orderflow.limits")
public record LimitsProperties(
    @DefaultValue Map<String, Limit> clients, @DefaultValue("10000") int remembered) {

  /**
   * One limit: a sustained rate, which may be below one a second ({@code 0.2}: one every five
   * seconds), and the burst above it.
   */
  public record Limit(@DefaultValue("100") double perSecond, @DefaultValue("200") long burst) {

    public Limit {
      if (!(perSecond >= 0.001 && perSecond <= 1e9) || burst < 1) {
        throw new IllegalArgumentException(
            "A limit admits between 0.001 and 10^9 requests a second and a burst of at least 1");
      }
    }
  }
}
