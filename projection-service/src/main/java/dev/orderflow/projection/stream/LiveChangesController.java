package dev.orderflow.projection.stream;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.Identifier;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/stream}: Server-Sent Events, {@code order} ({@code
 * {orderId,customerId,status,version,reason,traceId,cause}}) and {@code stock} ({@code
 * {sku,onHand,reserved,available,version}}), one per applied change, by any instance, each with an
 * {@code id}: its offset in the changes topic, the same on every instance. {@code ?customerId=} or
 * {@code ?orderId=} narrow it to one customer's or one order's changes. {@code Last-Event-ID}
 * resumes after that id, on any instance; a {@code reset} event says some changes are gone. A
 * {@code :heartbeat} comment comes every 15 s. Clients order one order's changes by their {@code
 * version}: across instances they may reach the topic out of order. {@code 503} {@code
 * stream-starting} while the instance has not read the changes topic yet.
 */
@RestController
class LiveChangesController {

  private final LiveChanges changes;
  private final ClientLimits limits;

  LiveChangesController(LiveChanges changes, ClientLimits limits) {
    this.changes = changes;
    this.limits = limits;
  }

  @GetMapping(path = "/api/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(
      @RequestParam(required = false) @Identifier @Nullable String customerId,
      @RequestParam(required = false) @Identifier @Nullable String orderId,
      @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
      HttpServletRequest request) {
    limits.charge(ClientLimits.STREAM);
    return changes.subscribe(
        new ChangeFilter(customerId, orderId), idOf(lastEventId), request.getRemoteAddr());
  }

  /** An id this service never sent (not a number) is treated as a very old one: reset. */
  private static @Nullable Long idOf(@Nullable String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException e) {
      return -1L;
    }
  }
}
