package dev.orderflow.inventory.stock;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.Identifier;
import jakarta.validation.Valid;
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

  private final Stock stock;
  private final ClientLimits limits;

  StockController(Stock stock, ClientLimits limits) {
    this.stock = stock;
    this.limits = limits;
  }

  @PutMapping("/{sku}")
  StockResponse set(
      @PathVariable @Identifier String sku, @Valid @RequestBody SetStockRequest request) {
    limits.charge(ClientLimits.WRITES);
    return StockResponse.of(stock.setOnHand(sku, request.onHand()));
  }

  @GetMapping("/{sku}")
  StockResponse get(@PathVariable @Identifier String sku) {
    return StockResponse.of(stock.levels(sku).orElseThrow(() -> new UnknownSkuException(sku)));
  }
}
