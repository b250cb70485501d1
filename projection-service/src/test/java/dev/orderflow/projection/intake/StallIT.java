package dev.orderflow.projection.intake;

import static org.awaitility.Awaitility.await;

import dev.orderflow.platform.faults.Faults;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import dev.orderflow.projection.order.domain.OrderHistories;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StallIT extends ProjectionServiceIntegrationTest {

  @Autowired Faults faults;

  @AfterEach
  void switchOff() {
    faults.disable("stall");
  }

  @Test
  void a_stalled_read_side_applies_nothing_until_the_fault_is_off_then_catches_up()
      throws Exception {
    faults.enable("stall", Map.of());
    var orderId = UUID.randomUUID().toString();

    publish(OrderHistories.placed(orderId));

    await("the stalled read side does not see the order")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> orderViewIfAny(orderId) == null);

    faults.disable("stall");
    awaitOrderView(orderId, "the read side catches up once the stall ends", view -> true);
  }
}
