package dev.orderflow.projection.stock;

import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.Paging;
import dev.orderflow.projection.Paging.Sort;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.stock.domain.StockView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stock}: the levels of every sku, as of the newest {@code StockLevelChanged} seen
 * for each, a page at a time. There are as many documents as skus, a few hundred at most here, so
 * the list is read whole and sorted in memory (a scan on every MongoDB, see the README).
 */
@RestController
class StockController {

  /** Every sku on one page by default: clients that read the whole list keep working. */
  static final int MAX_SIZE = 1000;

  private static final Map<String, Comparator<StockLevels>> ORDERS =
      Map.of(
          "sku", Comparator.comparing(StockLevels::sku),
          "onHand", Comparator.comparingInt(StockLevels::onHand),
          "reserved", Comparator.comparingInt(StockLevels::reserved),
          "available", Comparator.comparingInt(StockLevels::available));

  private final LiveReadModel<StockProjection> stock;

  StockController(LiveReadModel<StockProjection> stock) {
    this.stock = stock;
  }

  /**
   * @param sort {@code sku}, {@code onHand}, {@code reserved} or {@code available}, then {@code
   *     ,asc} or {@code ,desc}; ties by sku
   */
  @GetMapping("/api/stock")
  ResponseEntity<List<StockLevels>> all(
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "" + MAX_SIZE) @Min(1) @Max(MAX_SIZE) int size,
      @RequestParam(defaultValue = "sku,asc") String sort) {
    var order = Sort.parse(sort, ORDERS.keySet());
    // Sort.parse accepts only the properties ORDERS has.
    var comparator = Objects.requireNonNull(ORDERS.get(order.property()));
    if (!order.ascending()) {
      comparator = comparator.reversed();
    }
    comparator = comparator.thenComparing(StockLevels::sku);
    var levels = stock.current().all().stream().map(StockLevels::of).sorted(comparator).toList();
    return Paging.response(Page.of(levels, page, size));
  }

  record StockLevels(String sku, int onHand, int reserved, int available) {

    static StockLevels of(StockView view) {
      return new StockLevels(view.sku(), view.onHand(), view.reserved(), view.available());
    }
  }
}
