package dev.orderflow.notification;

import dev.orderflow.events.OrderLine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;

/**
 * One email about one outcome of one order, ready to send.
 *
 * @param messageId the {@code Message-ID} header, the same for every attempt and every copy, so
 *     that a mail client can recognise an email it was sent twice (see the README)
 */
record OrderEmail(String messageId, String recipient, String subject, String body) {

  OrderEmail {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }

  /** The plain-text email telling the order's customer about its outcome. */
  static OrderEmail render(OrderDetails order, OrderOutcome outcome) {
    var status = outcome.status().toLowerCase(Locale.ROOT);
    var body = new StringBuilder();
    body.append("Hello ").append(order.customerId()).append(",\n\n");
    body.append("your order ")
        .append(order.orderId())
        .append(" is ")
        .append(status)
        .append(".\n\n");
    for (OrderLine line : order.lines()) {
      body.append(
          "  %s: %d x %s = %s\n"
              .formatted(
                  line.sku(), line.quantity(), money(line.unitPrice()), money(line.lineTotal())));
    }
    body.append("Total: ").append(money(order.total())).append("\n\n");
    body.append("Status: ").append(outcome.status()).append('\n');
    if (outcome.reason() != null) {
      body.append("Reason: ").append(outcome.reason()).append('\n');
    }
    body.append("\norderflow\n");
    return new OrderEmail(
        messageIdOf(outcome),
        order.recipient(),
        "Your order %s is %s".formatted(order.orderId(), status),
        body.toString());
  }

  private static String messageIdOf(OrderOutcome outcome) {
    return "<%s.%s@orderflow>".formatted(outcome.orderId(), outcome.kind());
  }

  /** At least two decimals, never fewer digits than the amount has: 9.99, 20.00, 0.125. */
  private static String money(BigDecimal amount) {
    return amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
  }
}
