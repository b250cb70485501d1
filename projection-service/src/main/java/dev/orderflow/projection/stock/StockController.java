package dev.orderflow.projection.stock;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The levels of every sku, as of the newest {@code StockLevelChanged} seen for each. */
@RestController
class StockController {

  private final StockProjection stock;

  StockController(StockProjection stock) {
    this.stock = stock;
  }

  @GetMapping("/api/stock")
  List<StockLevels> all() {
    return stock.all().stream().map(StockLevels::of).toList();
  }

  record StockLevels(String sku, int onHand, int reserved, int available) {

    static StockLevels of(StockView view) {
      return new StockLevels(view.sku(), view.onHand(), view.reserved(), view.available());
    }
  }
}
