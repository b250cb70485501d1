package dev.orderflow.notification;

import dev.orderflow.platform.web.Identifier;
import jakarta.validation.constraints.NotBlank;
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

  private final NotificationStore notifications;

  NotificationController(NotificationStore notifications) {
    this.notifications = notifications;
  }

  // Optional for Spring so that a missing orderId reaches validation, which reports it like any
  // other invalid parameter rather than as Spring's generic missing-parameter problem.
  @GetMapping
  List<NotificationResponse> ofOrder(
      @RequestParam(required = false) @NotBlank(message = "is required") @Identifier
          String orderId) {
    return notifications.ofOrder(orderId).stream().map(NotificationResponse::of).toList();
  }
}
