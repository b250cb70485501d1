package dev.orderflow.projection.stream;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/stream}: Server-Sent Events, {@code order} ({@code {orderId,status,version}}) and
 * {@code stock} ({@code {sku,onHand,reserved,available,version}}), one per applied change.
 */
@RestController
class LiveChangesController {

  private final LiveChanges changes;

  LiveChangesController(LiveChanges changes) {
    this.changes = changes;
  }

  @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream() {
    return changes.subscribe();
  }
}
