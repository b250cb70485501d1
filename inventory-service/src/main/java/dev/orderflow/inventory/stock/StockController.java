package dev.orderflow.inventory.stock;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stock API: set how many units of a sku are on hand, and read a sku's levels. Reads come
 * straight from the stock documents, so they show every reservation as soon as it is made.
 */
@RestController
@RequestMapping("/api/stock")
class StockController {

  /** What a sku may look like; the same rule as order-service's. */
  static final String SKU = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  static final String SKU_MESSAGE = "must be 1 to 64 letters, digits, '.', '_' or '-'";

  private final Stock stock;

  StockController(Stock stock) {
    this.stock = stock;
  }

  @PutMapping("/{sku}")
  StockResponse set(
      @PathVariable @Pattern(regexp = SKU, message = SKU_MESSAGE) String sku,
      @Valid @RequestBody SetStockRequest request) {
    return StockResponse.of(stock.setOnHand(sku, request.onHand()));
  }

  @GetMapping("/{sku}")
  StockResponse get(@PathVariable @Pattern(regexp = SKU, message = SKU_MESSAGE) String sku) {
    return StockResponse.of(stock.levels(sku).orElseThrow(() -> new UnknownSkuException(sku)));
  }
}
