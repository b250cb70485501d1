package dev.orderflow.loadgen;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The orders the load generator places: 1 to {@code maxLines} lines of distinct skus, quantities 1
 * to 3, customers {@code lg-c-0..999}. Skus are skewed like real catalogues: sku {@code i} is
 * picked with a weight of {@code 1 / (i + 1)} (Zipf, exponent 1), so the first few are hot, which
 * is where reservations contend.
 *
 * @param cancelRatio the share of confirmed orders the generator cancels again
 */
public record Mix(int skus, int maxLines, double cancelRatio) {

  public Mix {
    if (skus < 1 || maxLines < 1 || maxLines > skus) {
      throw new IllegalArgumentException(
          "need 1 <= maxLines <= skus, was " + maxLines + ", " + skus);
    }
    if (cancelRatio < 0 || cancelRatio > 1) {
      throw new IllegalArgumentException("cancelRatio must be within 0..1, was " + cancelRatio);
    }
  }

  /** One line of an order. */
  public record Line(String sku, int quantity, BigDecimal unitPrice) {}

  /** One order to place. */
  public record Order(String customerId, List<Line> lines) {}

  public String sku(int index) {
    return "LG-" + index;
  }

  public Order next() {
    var random = ThreadLocalRandom.current();
    int count = 1 + random.nextInt(maxLines);
    var chosen = new LinkedHashSet<Integer>();
    while (chosen.size() < count) {
      chosen.add(skewedSku(random.nextDouble()));
    }
    var lines = new ArrayList<Line>();
    for (int sku : chosen) {
      lines.add(new Line(sku(sku), 1 + random.nextInt(3), BigDecimal.valueOf(100 + sku * 25L, 2)));
    }
    return new Order("lg-c-" + random.nextInt(1000), lines);
  }

  public boolean cancelAfterConfirmation() {
    return ThreadLocalRandom.current().nextDouble() < cancelRatio;
  }

  /** The sku for a uniform {@code u} in [0, 1): the inverse of the Zipf weights' running sum. */
  int skewedSku(double u) {
    double total = harmonic(skus);
    double target = u * total;
    double sum = 0;
    for (int i = 0; i < skus; i++) {
      sum += 1.0 / (i + 1);
      if (target < sum) {
        return i;
      }
    }
    return skus - 1;
  }

  private static double harmonic(int n) {
    double sum = 0;
    for (int i = 1; i <= n; i++) {
      sum += 1.0 / i;
    }
    return sum;
  }
}
