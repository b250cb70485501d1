package dev.orderflow.order.application;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Order ids: random for a plain request; derived from customer and {@code Idempotency-Key}
 * otherwise, so a retried request lands on the same order id, and the event store's uniqueness, not
 * a separate table, makes it idempotent.
 */
@Component
public class OrderIds {

  public String newId() {
    return UUID.randomUUID().toString();
  }

  public String forIdempotencyKey(String customerId, String key) {
    return UUID.nameUUIDFromBytes(("orderflow/order/" + customerId + "/" + key).getBytes(UTF_8))
        .toString();
  }
}
