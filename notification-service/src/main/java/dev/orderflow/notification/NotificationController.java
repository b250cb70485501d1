package dev.orderflow.notification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The emails of an order and where each stands. An order with none yet (or one never seen) has an
 * empty list; a missing or malformed {@code orderId} is a 400 problem naming the parameter.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

  /** The shape of an order id, as order-service accepts it. */
  static final String ORDER_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private final NotificationStore notifications;

  NotificationController(NotificationStore notifications) {
    this.notifications = notifications;
  }

  // Optional for Spring so that a missing orderId reaches validation, which reports it like any
  // other invalid parameter rather than as Spring's generic missing-parameter problem.
  @GetMapping
  List<NotificationResponse> ofOrder(
      @RequestParam(required = false)
          @NotBlank(message = "is required")
          @Pattern(regexp = ORDER_ID, message = "must be 1 to 64 letters, digits, '.', '_' or '-'")
          String orderId) {
    return notifications.ofOrder(orderId).stream().map(NotificationResponse::of).toList();
  }
}
