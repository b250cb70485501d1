package dev.orderflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The email as {@link EmailTemplate} renders it from templates/order-email.mustache. */
class OrderEmailTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
  private static final EmailTemplate TEMPLATE = new EmailTemplate();

  private static final OrderDetails ORDER =
      new OrderDetails(
          "o-42",
          "c-7",
          List.of(
              new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
              new OrderLine("SKU-2", 3, new BigDecimal("0.5"))),
          new BigDecimal("21.48"));

  @Test
  void a_confirmation_lists_every_line_the_total_and_the_status() {
    var email =
        TEMPLATE.render(
            ORDER, new OrderOutcome("o-42", NotificationKind.ORDER_CONFIRMED, null, AT));

    assertThat(email.subject()).isEqualTo("Your order o-42 is confirmed");
    assertThat(email.body())
        .isEqualTo(
            """
            Hello c-7,

            your order o-42 is confirmed.

              SKU-1: 2 x 9.99 = 19.98
              SKU-2: 3 x 0.50 = 1.50
            Total: 21.48

            Status: CONFIRMED

            orderflow
            """);
  }

  @Test
  void a_rejection_says_why() {
    var email =
        TEMPLATE.render(
            ORDER,
            new OrderOutcome(
                "o-42",
                NotificationKind.ORDER_REJECTED,
                RejectionReason.INSUFFICIENT_STOCK.wire(),
                AT));

    assertThat(email.subject()).isEqualTo("Your order o-42 is rejected");
    assertThat(email.body())
        .contains("Status: REJECTED\nReason: insufficient-stock\n")
        .contains("  SKU-1: 2 x 9.99 = 19.98\n")
        .contains("Total: 21.48\n");
  }

  @Test
  void a_cancellation_says_why() {
    var email =
        TEMPLATE.render(
            ORDER,
            new OrderOutcome(
                "o-42",
                NotificationKind.ORDER_CANCELLED,
                CancellationReason.CUSTOMER_REQUEST.wire(),
                AT));

    assertThat(email.subject()).isEqualTo("Your order o-42 is cancelled");
    assertThat(email.body()).contains("Status: CANCELLED\nReason: customer-request\n");
  }

  @Test
  void a_confirmation_has_no_reason() {
    var email =
        TEMPLATE.render(
            ORDER, new OrderOutcome("o-42", NotificationKind.ORDER_CONFIRMED, null, AT));

    assertThat(email.body()).doesNotContain("Reason");
  }

  @Test
  void the_email_goes_to_the_customers_own_address() {
    var email =
        TEMPLATE.render(
            ORDER, new OrderOutcome("o-42", NotificationKind.ORDER_CONFIRMED, null, AT));

    assertThat(email.recipient()).isEqualTo("c-7@customers.orderflow.dev");
  }

  @Test
  void every_copy_of_an_outcome_has_the_same_message_id_and_each_kind_its_own() {
    var confirmed = new OrderOutcome("o-42", NotificationKind.ORDER_CONFIRMED, null, AT);
    var cancelled =
        new OrderOutcome(
            "o-42",
            NotificationKind.ORDER_CANCELLED,
            CancellationReason.CUSTOMER_REQUEST.wire(),
            AT);

    assertThat(TEMPLATE.render(ORDER, confirmed).messageId())
        .isEqualTo(TEMPLATE.render(ORDER, confirmed).messageId())
        .isEqualTo("<o-42.ORDER_CONFIRMED@orderflow>");
    assertThat(TEMPLATE.render(ORDER, cancelled).messageId())
        .isEqualTo("<o-42.ORDER_CANCELLED@orderflow>");
  }

  @Test
  void the_email_is_dated_when_the_order_reached_its_state_not_when_it_was_sent() {
    var email =
        TEMPLATE.render(
            ORDER, new OrderOutcome("o-42", NotificationKind.ORDER_CONFIRMED, null, AT));

    assertThat(email.date()).isEqualTo(AT);
  }

  @Test
  void amounts_keep_every_digit_they_have() {
    var order =
        new OrderDetails(
            "o-1",
            "c-1",
            List.of(new OrderLine("SKU-1", 1, new BigDecimal("0.125"))),
            new BigDecimal("0.125"));

    var email =
        TEMPLATE.render(order, new OrderOutcome("o-1", NotificationKind.ORDER_CONFIRMED, null, AT));

    assertThat(email.body()).contains("  SKU-1: 1 x 0.125 = 0.125\n").contains("Total: 0.125\n");
  }
}
