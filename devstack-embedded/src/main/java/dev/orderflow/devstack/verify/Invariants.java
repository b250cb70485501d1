package dev.orderflow.devstack.verify;

import dev.orderflow.devstack.verify.Observation.Email;
import dev.orderflow.devstack.verify.Observation.Line;
import dev.orderflow.devstack.verify.Observation.OrderHistory;
import dev.orderflow.devstack.verify.Observation.Stock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The guarantees of orderflow (README, docs/reliability.md) as checks on one {@link Observation}:
 * pure functions, so each one is tested on observations made by hand. Each check lists a few of the
 * cases that break it.
 *
 * <p>What follows an order's last event (its view, its email, its stock) takes a moment to catch
 * up, so those checks leave out orders whose last event is younger than {@code settle}, and count
 * them; stock is then checked within bounds rather than exactly.
 *
 * @param deadline how long an order may be pending: the saga's deadline and the time its sweep
 *     takes to reject it
 * @param settle how long the consequences of an event may take to show
 */
public record Invariants(Duration deadline, Duration settle) {

  /** Every history an order may have: the order state machine of DESIGN.md. */
  static final Set<List<String>> HISTORIES =
      Set.of(
          List.of("OrderPlaced"),
          List.of("OrderPlaced", "OrderConfirmed"),
          List.of("OrderPlaced", "OrderRejected"),
          List.of("OrderPlaced", "OrderCancelled"),
          List.of("OrderPlaced", "OrderConfirmed", "OrderCancelled"));

  /** Every check, in the order a person reads them. */
  public List<Check> judge(Observation seen) {
    return List.of(
        acknowledgedOrdersExist(seen),
        ordersAreWholeAndDecided(seen),
        readSideEqualsTheFold(seen),
        stockIsConserved(seen),
        oneEmailPerTerminalState(seen),
        outboxesDrained(seen),
        consumersCaughtUp(seen),
        servicesUp(seen),
        deadLetters(seen));
  }

  Check acknowledgedOrdersExist(Observation seen) {
    var lost =
        seen.ledger().stream()
            .filter(orderId -> !seen.orders().containsKey(orderId))
            .sorted()
            .map(orderId -> orderId + ": answered 202, unknown to the event store")
            .toList();
    return Check.of(
        "every order answered 202 is in the event store",
        lost,
        "%d acknowledged in the ledgers, %d in the event store%s"
            .formatted(
                seen.ledger().size(),
                seen.orders().size(),
                lost.isEmpty() ? "" : ", " + lost.size() + " lost"));
  }

  Check ordersAreWholeAndDecided(Observation seen) {
    var broken = new ArrayList<String>();
    var byStatus = new TreeMap<String, Integer>();
    for (var order : sorted(seen)) {
      var status = order.status();
      byStatus.merge(status, 1, Integer::sum);
      var expected = LongStream.rangeClosed(1, order.versions().size()).boxed().toList();
      if (!order.versions().equals(expected) || !HISTORIES.contains(order.types())) {
        broken.add(
            order.orderId() + ": events " + order.types() + " at versions " + order.versions());
      } else if (status.equals("PENDING") && order.placedAt().plus(deadline).isBefore(seen.at())) {
        broken.add(
            order.orderId()
                + ": PENDING "
                + Duration.between(order.placedAt(), seen.at()).toSeconds()
                + " s after it was placed");
      }
    }
    return Check.of(
        "every order's history is one the state machine allows, at versions 1, 2, 3..., and"
            + " decided (pending only within "
            + deadline.toSeconds()
            + " s)",
        broken,
        "%d orders: %s"
            .formatted(
                seen.orders().size(),
                byStatus.entrySet().stream()
                    .map(entry -> entry.getValue() + " " + entry.getKey())
                    .collect(Collectors.joining(", "))));
  }

  Check readSideEqualsTheFold(Observation seen) {
    var differ = new ArrayList<String>();
    var settling = 0;
    for (var order : sorted(seen)) {
      if (settling(order, seen)) {
        settling++;
        continue;
      }
      var view = seen.views().get(order.orderId());
      if (view == null || view.isEmpty()) {
        differ.add(
            order.orderId()
                + ": unknown to the read side, "
                + order.status()
                + " in the event store");
        continue;
      }
      var shown = view.get();
      if (!shown.status().equals(order.status())) {
        differ.add(
            order.orderId()
                + ": "
                + shown.status()
                + " on the read side, "
                + order.status()
                + " in the event store");
      } else if (!shown.customerId().equals(order.customerId())
          || shown.total().compareTo(order.total()) != 0
          || !sameLines(shown.lines(), order.lines())) {
        differ.add(order.orderId() + ": customer, total or lines differ from the event store");
      }
    }
    return Check.of(
        "the read side shows every order as its events in the event store fold",
        differ,
        "%d orders compared, %d differ, %d too recent to compare"
            .formatted(seen.orders().size() - settling, differ.size(), settling));
  }

  Check stockIsConserved(Observation seen) {
    var held = new HashMap<String, Integer>();
    var inFlight = new HashMap<String, Integer>();
    for (var order : seen.orders().values()) {
      if (order.status().equals("PENDING") || settling(order, seen)) {
        // Reserved already or not yet, released already or not yet: it may or may not count.
        order.lines().forEach(line -> inFlight.merge(line.sku(), line.quantity(), Integer::sum));
      } else if (order.status().equals("CONFIRMED")) {
        order.lines().forEach(line -> held.merge(line.sku(), line.quantity(), Integer::sum));
      }
    }
    var broken = new ArrayList<String>();
    for (var sku : new TreeSet<>(held.keySet())) {
      if (!seen.stock().containsKey(sku)) {
        broken.add(sku + ": confirmed orders hold " + held.get(sku) + ", inventory knows no stock");
      }
    }
    var sorted = seen.stock().values().stream().sorted(Comparator.comparing(Stock::sku)).toList();
    for (var stock : sorted) {
      var sku = stock.sku();
      int confirmed = held.getOrDefault(sku, 0);
      int maybe = inFlight.getOrDefault(sku, 0);
      if (stock.available() + stock.reserved() != stock.onHand()) {
        broken.add(
            "%s: available %d + reserved %d is not onHand %d"
                .formatted(sku, stock.available(), stock.reserved(), stock.onHand()));
      } else if (stock.available() < 0) {
        broken.add("%s: available %d".formatted(sku, stock.available()));
      } else if (stock.reserved() < confirmed || stock.reserved() > confirmed + maybe) {
        broken.add(
            "%s: reserved %d, the confirmed orders' lines add up to %d%s"
                .formatted(
                    sku,
                    stock.reserved(),
                    confirmed,
                    maybe == 0 ? "" : " (and up to " + maybe + " more for orders in flight)"));
      }
    }
    return Check.of(
        "per sku: available + reserved = onHand, available >= 0, reserved = confirmed lines",
        broken,
        "%d skus".formatted(seen.stock().size()));
  }

  Check oneEmailPerTerminalState(Observation seen) {
    var broken = new ArrayList<String>();
    long sent = 0;
    long refused = 0;
    var settling = 0;
    for (var order : sorted(seen)) {
      if (settling(order, seen)) {
        settling++;
        continue;
      }
      var emails = seen.emails().getOrDefault(order.orderId(), List.of());
      sent += emails.stream().filter(email -> email.status().equals("SENT")).count();
      refused += emails.stream().filter(email -> email.status().equals("FAILED")).count();
      var kinds = emails.stream().map(Email::kind).sorted().toList();
      var owed = order.emailKinds().stream().sorted().toList();
      if (!kinds.equals(owed)) {
        broken.add(order.orderId() + ": emails " + kinds + ", owed " + owed);
      } else if (emails.stream().anyMatch(email -> email.status().equals("PENDING"))) {
        broken.add(order.orderId() + ": " + emails);
      }
    }
    return Check.of(
        "exactly one email per terminal state, each sent or refused for good by the SMTP server",
        broken,
        "%d orders, %d emails sent, %d refused by the SMTP server, %d orders too recent to check"
            .formatted(seen.orders().size() - settling, sent, refused, settling));
  }

  Check outboxesDrained(Observation seen) {
    var waiting =
        seen.waiting().entrySet().stream()
            .filter(entry -> entry.getValue() > 0)
            .map(entry -> entry.getKey() + ": " + entry.getValue() + " waiting")
            .toList();
    return Check.of(
        "every outbox drained",
        waiting,
        seen.waiting().entrySet().stream()
            .map(entry -> entry.getKey() + " " + entry.getValue())
            .collect(Collectors.joining(", ")));
  }

  Check consumersCaughtUp(Observation seen) {
    var behind =
        seen.lag().entrySet().stream()
            .filter(entry -> entry.getValue() > 0)
            .map(entry -> entry.getKey() + ": " + entry.getValue() + " records behind")
            .toList();
    return Check.of(
        "every consumer group has read everything (lag 0)",
        behind,
        "%d group-topics".formatted(seen.lag().size()));
  }

  Check servicesUp(Observation seen) {
    var down =
        seen.health().entrySet().stream()
            .filter(entry -> !entry.getValue().equals("UP"))
            .map(entry -> entry.getKey() + ": " + entry.getValue())
            .toList();
    return Check.of(
        "every service reports UP", down, "%d services".formatted(seen.health().size()));
  }

  Check deadLetters(Observation seen) {
    var byTopic = new TreeMap<String, Map<String, Long>>();
    for (var letter : seen.deadLetters()) {
      byTopic
          .computeIfAbsent(letter.topic(), topic -> new TreeMap<>())
          .merge(letter.group(), 1L, Long::sum);
    }
    var summary =
        byTopic.isEmpty()
            ? "none"
            : byTopic.entrySet().stream()
                .map(entry ->
                    entry.getKey()
                        + " "
                        + entry.getValue().values().stream().mapToLong(Long::longValue).sum()
                        + " ("
                        + entry.getValue().entrySet().stream()
                            .map(group -> group.getKey() + " " + group.getValue())
                            .collect(Collectors.joining(", "))
                        + ")")
                .collect(Collectors.joining("; "));
    var examples =
        seen.deadLetters().stream()
            .map(letter ->
                "key "
                    + letter.key()
                    + " from "
                    + letter.position()
                    + " ("
                    + letter.group()
                    + "): "
                    + letter.cause())
            .toList();
    return new Check(
        "what sits in the dead-letter topics (records that failed for good, with their cause)",
        Check.Outcome.INFO,
        summary,
        examples);
  }

  /** Whether what follows the order's last event may not show yet. */
  private boolean settling(OrderHistory order, Observation seen) {
    return order.lastAt().plus(settle).isAfter(seen.at());
  }

  private static List<OrderHistory> sorted(Observation seen) {
    return seen.orders().values().stream()
        .sorted(Comparator.comparing(OrderHistory::placedAt).thenComparing(OrderHistory::orderId))
        .toList();
  }

  private static boolean sameLines(List<Line> shown, List<Line> stored) {
    return normalized(shown).equals(normalized(stored));
  }

  private static List<String> normalized(List<Line> lines) {
    return lines.stream()
        .map(line ->
            line.sku()
                + "x"
                + line.quantity()
                + "@"
                + line.unitPrice().stripTrailingZeros().toPlainString())
        .sorted()
        .toList();
  }
}
