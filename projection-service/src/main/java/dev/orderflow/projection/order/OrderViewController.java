package dev.orderflow.projection.order;

import dev.orderflow.platform.web.Identifier;
import dev.orderflow.platform.web.Problems;
import dev.orderflow.projection.LiveReadModel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/orders/{id}}. It may lag the write side by the time an event takes through Kafka:
 * an order just placed can be 404 here for a moment (order-service's own {@code GET} reads its
 * writes).
 *
 * <p>The answer carries a strong {@code ETag} computed from its content, so a client polling an
 * order sends {@code If-None-Match} and gets {@code 304} until something changed (Spring MVC
 * compares the two for a {@code ResponseEntity} with an ETag). The tag comes from the content, not
 * from the document's revision, so it survives a rebuild that reproduces the same view.
 */
@RestController
class OrderViewController {

  private final LiveReadModel<OrderProjection> orders;

  OrderViewController(LiveReadModel<OrderProjection> orders) {
    this.orders = orders;
  }

  @GetMapping("/api/orders/{orderId}")
  ResponseEntity<OrderViewResponse> order(@PathVariable @Identifier String orderId) {
    var view =
        orders
            .current()
            .find(orderId)
            .map(OrderViewResponse::of)
            .orElseThrow(() ->
                new ErrorResponseException(
                    HttpStatus.NOT_FOUND,
                    Problems.of(
                        HttpStatus.NOT_FOUND,
                        "order-not-found",
                        "Order not found",
                        "No order " + orderId + " in the read model (yet)"),
                    null));
    return ResponseEntity.ok().eTag(etagOf(view)).cacheControl(CacheControl.noCache()).body(view);
  }

  /** The version, then a checksum of everything shown (a timeline can grow within a version). */
  static String etagOf(OrderViewResponse view) {
    var checksum = new CRC32();
    checksum.update(view.toString().getBytes(StandardCharsets.UTF_8));
    return "\"%d-%08x\"".formatted(view.version(), checksum.getValue());
  }
}
