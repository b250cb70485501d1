package dev.orderflow.devstack.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.verify.Check.Outcome;
import dev.orderflow.devstack.verify.Observation.DeadLetter;
import dev.orderflow.devstack.verify.Observation.Email;
import dev.orderflow.devstack.verify.Observation.Line;
import dev.orderflow.devstack.verify.Observation.OrderHistory;
import dev.orderflow.devstack.verify.Observation.Stock;
import dev.orderflow.devstack.verify.Observation.View;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvariantsTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Instant LONG_AGO = NOW.minusSeconds(600);
  private static final Invariants INVARIANTS =
      new Invariants(Duration.ofSeconds(45), Duration.ofSeconds(30));
  private static final Line TWO_OF_SKU_1 = new Line("SKU-1", 2, new BigDecimal("9.99"));

  @TempDir Path dir;

  @Test
  void a_settled_system_that_kept_every_promise_passes_every_check() {
    var verdict = judge(settled());

    assertThat(verdict.failures()).isEmpty();
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.report()).contains("every guarantee holds").contains("PASS");
  }

  @Test
  void an_order_answered_202_that_the_event_store_does_not_hold_is_lost() {
    var seen = change(settled(), builder -> builder.ledger("o-lost"));

    assertThat(failed(seen)).containsExactly("every order answered 202 is in the event store");
    assertThat(judge(seen).failures().getFirst().examples())
        .containsExactly("o-lost: answered 202, unknown to the event store");
  }

  @Test
  void an_order_pending_past_the_deadline_is_undecided_one_within_it_is_not() {
    var late = order("o-late", NOW.minusSeconds(60), NOW.minusSeconds(60), "OrderPlaced");
    var young = order("o-young", NOW.minusSeconds(10), NOW.minusSeconds(10), "OrderPlaced");
    var seen = change(settled(), builder -> builder.order(late, "PENDING").order(young, "PENDING"));

    var failures = judge(seen).failures();

    assertThat(failures)
        .extracting(Check::guarantee)
        .singleElement()
        .asString()
        .contains("decided");
    assertThat(failures.getFirst().examples())
        .containsExactly("o-late: PENDING 60 s after it was placed");
  }

  @Test
  void a_gap_in_an_orders_versions_breaks_its_history() {
    var gapped =
        new OrderHistory(
            "o-gap",
            "c-1",
            List.of(TWO_OF_SKU_1),
            new BigDecimal("19.98"),
            LONG_AGO,
            LONG_AGO,
            List.of("OrderPlaced", "OrderConfirmed"),
            List.of(1L, 3L));
    var seen = change(settled(), builder -> builder.order(gapped, "CONFIRMED"));

    assertThat(failed(seen)).anyMatch(guarantee -> guarantee.contains("versions 1, 2, 3"));
  }

  @Test
  void a_read_side_that_differs_from_the_fold_fails_unless_the_order_is_too_recent() {
    var settledAway = change(settled(), builder -> builder.view("o-1", "PENDING"));
    var recent =
        order("o-new", NOW.minusSeconds(5), NOW.minusSeconds(2), "OrderPlaced", "OrderConfirmed");
    var notYet =
        change(
            settled(),
            builder ->
                builder
                    .order(recent, "CONFIRMED")
                    .view("o-new", "PENDING")
                    .noEmails("o-new")
                    .stock(new Stock("SKU-1", 10, 4, 6)));

    assertThat(failed(settledAway))
        .containsExactly("the read side shows every order as its events in the event store fold");
    assertThat(failed(notYet)).isEmpty();
  }

  @Test
  void stock_must_add_up_and_hold_exactly_the_confirmed_lines() {
    var leaky = change(settled(), builder -> builder.stock(new Stock("SKU-1", 10, 3, 7)));
    var broken = change(settled(), builder -> builder.stock(new Stock("SKU-1", 10, 2, 9)));

    assertThat(failed(leaky)).containsExactly(stockGuarantee());
    assertThat(judge(leaky).failures().getFirst().examples())
        .containsExactly("SKU-1: reserved 3, the confirmed orders' lines add up to 2");
    assertThat(failed(broken)).containsExactly(stockGuarantee());
  }

  @Test
  void stock_held_for_an_order_in_flight_may_or_may_not_be_counted() {
    var pending = order("o-pending", NOW.minusSeconds(5), NOW.minusSeconds(5), "OrderPlaced");
    var reservedAlready =
        change(
            settled(),
            builder -> builder.order(pending, "PENDING").stock(new Stock("SKU-1", 10, 4, 6)));

    assertThat(failed(reservedAlready)).isEmpty();
  }

  @Test
  void a_second_email_for_the_same_state_or_a_missing_one_breaks_effects_once() {
    var twice =
        change(
            settled(),
            builder ->
                builder.emails(
                    "o-1",
                    new Email("ORDER_CONFIRMED", "SENT"),
                    new Email("ORDER_CONFIRMED", "SENT")));
    var none = change(settled(), builder -> builder.noEmails("o-1"));

    assertThat(failed(twice)).containsExactly(emailGuarantee());
    assertThat(failed(none)).containsExactly(emailGuarantee());
  }

  @Test
  void an_email_the_smtp_server_refused_for_good_is_its_one_email() {
    var refused =
        change(settled(), builder -> builder.emails("o-1", new Email("ORDER_CONFIRMED", "FAILED")));
    var pending =
        change(
            settled(), builder -> builder.emails("o-1", new Email("ORDER_CONFIRMED", "PENDING")));

    assertThat(failed(refused)).isEmpty();
    assertThat(judge(refused).checks())
        .anySatisfy(check -> assertThat(check.summary()).contains("1 refused"));
    assertThat(failed(pending)).containsExactly(emailGuarantee());
  }

  @Test
  void a_history_the_state_machine_does_not_allow_is_broken() {
    var confirmedAfterRejected =
        order("o-odd", LONG_AGO, LONG_AGO, "OrderPlaced", "OrderRejected", "OrderConfirmed");
    var seen =
        change(
            settled(),
            builder ->
                builder
                    .order(confirmedAfterRejected, "CONFIRMED")
                    .stock(new Stock("SKU-1", 10, 4, 6)));

    assertThat(failed(seen)).anyMatch(guarantee -> guarantee.contains("state machine allows"));
  }

  @Test
  void an_outbox_still_holding_entries_lag_or_a_service_down_fail_their_checks() {
    var seen =
        change(
            settled(),
            builder ->
                builder
                    .waiting("orders.order_commits", 2)
                    .lag("projection-service orders.events", 40)
                    .health("notification-service", "unreachable (Connection refused)"));

    assertThat(failed(seen))
        .containsExactly(
            "every outbox drained",
            "every consumer group has read everything (lag 0)",
            "every service reports UP");
  }

  @Test
  void dead_letters_are_reported_with_their_cause_not_judged() {
    var seen =
        change(
            settled(),
            builder ->
                builder.deadLetter(
                    new DeadLetter(
                        "orders.events.DLT",
                        "poison-1",
                        "orders.events-2@7",
                        "inventory-service",
                        "failed to deserialize; Unrecognized token 'this'")));

    var check = judge(seen).checks().getLast();

    assertThat(check.outcome()).isEqualTo(Outcome.INFO);
    assertThat(check.summary()).isEqualTo("orders.events.DLT 1 (inventory-service 1)");
    assertThat(check.examples().getFirst()).contains("poison-1").contains("Unrecognized token");
    assertThat(judge(seen).passed()).isTrue();
  }

  @Test
  void a_ledger_is_every_id_written_to_its_files() throws Exception {
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger/loadgen.txt"))) {
      ledger.accepted("o-1");
      ledger.accepted("o-2");
      ledger.accepted("o-1");
    }
    try (var ledger = Ledger.appendingTo(dir.resolve("ledger/chaos.txt"))) {
      ledger.accepted("o-3");
    }

    assertThat(Ledger.read(List.of(dir.resolve("ledger"), dir.resolve("missing.txt"))))
        .containsExactlyInAnyOrder("o-1", "o-2", "o-3");
  }

  // ---------------------------------------------------------------------------------------------

  private static Verdict judge(Observation seen) {
    return new Verdict(seen, INVARIANTS.judge(seen));
  }

  private static List<String> failed(Observation seen) {
    return judge(seen).failures().stream().map(Check::guarantee).toList();
  }

  private static String emailGuarantee() {
    return "exactly one email per terminal state, each sent or refused for good by the SMTP server";
  }

  private static String stockGuarantee() {
    return "per sku: available + reserved = onHand, available >= 0, reserved = confirmed lines";
  }

  private static OrderHistory order(String id, Instant placed, Instant last, String... types) {
    var versions = new java.util.ArrayList<Long>();
    for (long v = 1; v <= types.length; v++) {
      versions.add(v);
    }
    return new OrderHistory(
        id,
        "c-1",
        List.of(TWO_OF_SKU_1),
        new BigDecimal("19.98"),
        placed,
        last,
        List.of(types),
        versions);
  }

  /** One confirmed order, one cancelled: everything where it should be. */
  private static Observation settled() {
    return new Builder()
        .ledger("o-1")
        .ledger("o-2")
        .order(order("o-1", LONG_AGO, LONG_AGO, "OrderPlaced", "OrderConfirmed"), "CONFIRMED")
        .order(
            order("o-2", LONG_AGO, LONG_AGO, "OrderPlaced", "OrderConfirmed", "OrderCancelled"),
            "CANCELLED")
        .stock(new Stock("SKU-1", 10, 2, 8))
        .waiting("orders.order_commits", 0)
        .lag("inventory-service orders.events", 0)
        .health("order-service", "UP")
        .build();
  }

  private static Observation change(Observation seen, UnaryOperator<Builder> change) {
    return change.apply(new Builder(seen)).build();
  }

  /** Observations by hand: each order gets its view and its emails unless told otherwise. */
  private static final class Builder {

    private final Set<String> ledger = new HashSet<>();
    private final Map<String, OrderHistory> orders = new HashMap<>();
    private final Map<String, Optional<View>> views = new HashMap<>();
    private final Map<String, Stock> stock = new HashMap<>();
    private final Map<String, List<Email>> emails = new HashMap<>();
    private final Map<String, Long> waiting = new HashMap<>();
    private final Map<String, Long> lag = new HashMap<>();
    private final Map<String, String> health = new HashMap<>();
    private final List<DeadLetter> deadLetters = new java.util.ArrayList<>();

    Builder() {}

    Builder(Observation seen) {
      ledger.addAll(seen.ledger());
      orders.putAll(seen.orders());
      views.putAll(seen.views());
      stock.putAll(seen.stock());
      emails.putAll(seen.emails());
      waiting.putAll(seen.waiting());
      lag.putAll(seen.lag());
      health.putAll(seen.health());
      deadLetters.addAll(seen.deadLetters());
    }

    Builder ledger(String orderId) {
      ledger.add(orderId);
      return this;
    }

    Builder order(OrderHistory order, String status) {
      orders.put(order.orderId(), order);
      views.put(
          order.orderId(),
          Optional.of(new View(status, order.customerId(), order.total(), order.lines())));
      emails.put(
          order.orderId(),
          order.emailKinds().stream().map(kind -> new Email(kind, "SENT")).toList());
      return this;
    }

    Builder view(String orderId, String status) {
      var order = orders.get(orderId);
      views.put(
          orderId, Optional.of(new View(status, order.customerId(), order.total(), order.lines())));
      return this;
    }

    Builder emails(String orderId, Email... sent) {
      emails.put(orderId, List.of(sent));
      return this;
    }

    Builder noEmails(String orderId) {
      emails.put(orderId, List.of());
      return this;
    }

    Builder stock(Stock levels) {
      stock.put(levels.sku(), levels);
      return this;
    }

    Builder waiting(String outbox, long entries) {
      waiting.put(outbox, entries);
      return this;
    }

    Builder lag(String groupTopic, long records) {
      lag.put(groupTopic, records);
      return this;
    }

    Builder health(String service, String status) {
      health.put(service, status);
      return this;
    }

    Builder deadLetter(DeadLetter letter) {
      deadLetters.add(letter);
      return this;
    }

    Observation build() {
      return new Observation(
          NOW, ledger, orders, views, stock, emails, waiting, lag, health, deadLetters);
    }
  }
}
