package dev.orderflow.projection.generation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the live intake writes behind (issue 19).
 *
 * @param orderViews how long the order views a poll changed may wait in memory before they are
 *     stored, together with everything else changed meanwhile, and customer history and sales told
 *     of them: an order's events, which come in separate polls, then cost one write of its view
 *     instead of one each. The offsets of those polls are committed only after that. Zero stores
 *     them with each poll.
 */
@ConfigurationProperties("orderflow.projection.write-behind")
public record WriteBehindProperties(@DefaultValue("500ms") Duration orderViews) {

  public WriteBehindProperties {
    if (orderViews.isNegative()) {
      throw new IllegalArgumentException(
          "orderflow.projection.write-behind.order-views must not be negative");
    }
  }
}
