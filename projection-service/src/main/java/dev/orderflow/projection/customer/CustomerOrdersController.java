package dev.orderflow.projection.customer;

import dev.orderflow.platform.web.Identifier;
import dev.orderflow.projection.LiveReadModel;
import dev.orderflow.projection.Paging;
import dev.orderflow.projection.Paging.Sort;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.order.domain.OrderStatus;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/customers/{id}/orders}: a customer's orders, newest first by default, a page at a
 * time. A customer without orders has an empty list, not a 404: the read side cannot tell an
 * unknown customer from one who has not ordered yet.
 */
@RestController
class CustomerOrdersController {

  private final LiveReadModel<CustomerOrdersProjection> histories;

  CustomerOrdersController(LiveReadModel<CustomerOrdersProjection> histories) {
    this.histories = histories;
  }

  /**
   * @param sort {@code placedAt,desc} (newest first, the default) or {@code placedAt,asc}
   */
  @GetMapping("/api/customers/{customerId}/orders")
  ResponseEntity<List<CustomerOrder>> orders(
      @PathVariable @Identifier String customerId,
      @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(Paging.MAX_SIZE) int size,
      @RequestParam(defaultValue = "placedAt,desc") String sort) {
    var newestFirst = !Sort.parse(sort, Set.of("placedAt")).ascending();
    var orders = histories.current().page(customerId, page, size, newestFirst);
    return Paging.response(
        new Page<>(
            orders.items().stream().map(CustomerOrder::of).toList(),
            orders.page(),
            orders.size(),
            orders.total()));
  }

  record CustomerOrder(String orderId, OrderStatus status, BigDecimal total, Instant placedAt) {

    static CustomerOrder of(OrderSummary summary) {
      return new CustomerOrder(
          summary.orderId(), summary.status(), summary.total(), summary.placedAt());
    }
  }
}
