package dev.orderflow.devstack.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/** Random but plausible orders over a small catalogue, an oversized one now and then. */
final class DemoOrders {

  static final List<String> SKUS = IntStream.rangeClosed(1, 8).mapToObj(i -> "SKU-" + i).toList();
  static final int CUSTOMERS = 20;
  static final int MAX_LINES = 3;

  /** More than {@link DemoTraffic} ever keeps available, so such an order is rejected. */
  static final int OVERSIZED_QUANTITY = 1_000;

  private static final List<BigDecimal> PRICES =
      List.of("9.99", "4.50", "19.90", "2.35", "49.00", "7.25", "12.00", "0.99").stream()
          .map(BigDecimal::new)
          .toList();

  private final RandomGenerator random;

  DemoOrders(RandomGenerator random) {
    this.random = random;
  }

  record Line(String sku, int quantity, BigDecimal unitPrice) {}

  /** The body of {@code POST /api/orders}. */
  record Order(String customerId, List<Line> lines) {

    boolean oversized() {
      return lines.stream().anyMatch(line -> line.quantity() >= OVERSIZED_QUANTITY);
    }
  }

  /** 1 to 3 lines of distinct SKUs, 1 to 4 of each; one order in 15 asks for far too many. */
  Order next() {
    var customer = "c-" + (1 + random.nextInt(CUSTOMERS));
    var skus = new ArrayList<>(SKUS);
    var lines = new ArrayList<Line>();
    int count = 1 + random.nextInt(MAX_LINES);
    for (int i = 0; i < count; i++) {
      int index = random.nextInt(skus.size());
      var sku = skus.remove(index);
      var price = PRICES.get(SKUS.indexOf(sku));
      lines.add(new Line(sku, 1 + random.nextInt(4), price));
    }
    if (random.nextInt(15) == 0) {
      var first = lines.getFirst();
      lines.set(0, new Line(first.sku(), OVERSIZED_QUANTITY, first.unitPrice()));
    }
    return new Order(customer, List.copyOf(lines));
  }

  /** About one order in twelve is cancelled again. */
  boolean cancelOne() {
    return random.nextInt(12) == 0;
  }
}
