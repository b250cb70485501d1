package dev.orderflow.devstack.verify;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a running orderflow holds at one moment, read from where each fact is kept: the orders from
 * the event store (behind order-service's back), the acknowledged ones from the clients' ledgers,
 * everything else through the services' HTTP contract and Kafka. {@link Invariants} judges it.
 *
 * @param ledger every order id a client recorded as answered {@code 202}
 * @param orders the event store's orders, each as the fold of its events
 * @param views the read side's view of each stored order; empty where it answered 404
 * @param stock each sku's levels as inventory-service reports them
 * @param emails each stored order's notifications
 * @param waiting entries still waiting in each outbox, e.g. {@code orders.order_commits}
 * @param lag records not yet committed, per consumer group and topic ({@code group topic})
 * @param health each service's {@code /actuator/health} status, or what went wrong asking
 * @param deadLetters what sits in each dead-letter topic
 */
public record Observation(
    Instant at,
    Set<String> ledger,
    Map<String, OrderHistory> orders,
    Map<String, Optional<View>> views,
    Map<String, Stock> stock,
    Map<String, List<Email>> emails,
    Map<String, Long> waiting,
    Map<String, Long> lag,
    Map<String, String> health,
    List<DeadLetter> deadLetters) {

  /** One line of an order. */
  public record Line(String sku, int quantity, BigDecimal unitPrice) {}

  /**
   * An order as the fold of its events in the event store.
   *
   * @param lastAt when its last event occurred
   * @param types the wire types of its events, in version order
   * @param versions the versions of its events, in the order stored
   */
  public record OrderHistory(
      String orderId,
      String customerId,
      List<Line> lines,
      BigDecimal total,
      Instant placedAt,
      Instant lastAt,
      List<String> types,
      List<Long> versions) {

    /** The status the events fold to. */
    public String status() {
      return switch (types.getLast()) {
        case "OrderConfirmed" -> "CONFIRMED";
        case "OrderRejected" -> "REJECTED";
        case "OrderCancelled" -> "CANCELLED";
        default -> "PENDING";
      };
    }

    /** The notification kinds it is owed: one per terminal state it went through. */
    public List<String> emailKinds() {
      return types.stream()
          .filter(type -> !type.equals("OrderPlaced"))
          .map(type -> "ORDER_" + type.substring("Order".length()).toUpperCase(Locale.ROOT))
          .toList();
    }
  }

  /** The read side's view of an order. */
  public record View(String status, String customerId, BigDecimal total, List<Line> lines) {}

  /** One sku's levels. */
  public record Stock(String sku, int onHand, int reserved, int available) {}

  /** One notification of an order. */
  public record Email(String kind, String status) {}

  /**
   * One record in a dead-letter topic.
   *
   * @param position where it was read: {@code <topic>-<partition>@<offset>}
   * @param group the consumer group that gave up on it
   * @param cause the exception message it carries
   */
  public record DeadLetter(String topic, String key, String position, String group, String cause) {}
}
