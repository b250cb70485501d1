package dev.orderflow.inventory.stock;

import dev.orderflow.events.Bounds;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code PUT /api/stock/{sku}}. The ceiling keeps every sum of levels far inside an {@code int}. A
 * fraction or a quoted number is refused before it gets here (see {@code application.yml}).
 */
record SetStockRequest(@NotNull @Min(0) @Max(Bounds.MAX_STOCK) Integer onHand) {}
