package dev.orderflow.notification.domain;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.orderflow.events.OrderLine;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Renders the email of an order's outcome from {@value #BODY}, a logic-less Mustache template: the
 * wording lives in the template, every decision (which status, how an amount is written) in the
 * Java view below, which the unit tests pin down.
 *
 * <p>Plain text, so nothing is HTML-escaped; strict, so a misspelt name in the template fails the
 * first rendering (and the unit tests) instead of leaving a gap in a customer's email.
 */
public final class EmailTemplate {

  public static final String BODY = "templates/order-email.mustache";

  private final Template body;

  public EmailTemplate() {
    var compiler = Mustache.compiler().escapeHTML(false).strictSections(true);
    try (var source = EmailTemplate.class.getClassLoader().getResourceAsStream(BODY)) {
      if (source == null) {
        throw new IllegalStateException(BODY + " is not on the classpath");
      }
      this.body = compiler.compile(new InputStreamReader(source, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plain-text email telling the order's customer about its outcome. */
  public OrderEmail render(OrderDetails order, OrderOutcome outcome) {
    var state = outcome.status().toLowerCase(Locale.ROOT);
    var view =
        new Body(
            order.customerId(),
            order.orderId(),
            state,
            order.lines().stream().map(Line::of).toList(),
            money(order.total()),
            outcome.status(),
            outcome.reason());
    return new OrderEmail(
        "<%s.%s@orderflow>".formatted(outcome.orderId(), outcome.kind()),
        order.recipient(),
        "Your order %s is %s".formatted(order.orderId(), state),
        body.execute(view),
        outcome.occurredAt());
  }

  /** What the template may show; names as in the template. */
  record Body(
      String customerId,
      String orderId,
      String state,
      List<Line> lines,
      String total,
      String status,
      @Nullable String reason) {}

  record Line(String sku, int quantity, String unitPrice, String lineTotal) {

    static Line of(OrderLine line) {
      return new Line(
          line.sku(), line.quantity(), money(line.unitPrice()), money(line.lineTotal()));
    }
  }

  /** At least two decimals, never fewer digits than the amount has: 9.99, 20.00, 0.125. */
  private static String money(BigDecimal amount) {
    return amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
  }
}
