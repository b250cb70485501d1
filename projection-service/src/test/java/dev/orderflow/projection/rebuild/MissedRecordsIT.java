package dev.orderflow.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.kafka.DeadLettered;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.ProjectionName;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

class MissedRecordsIT extends ProjectionServiceIntegrationTest {

  @Autowired ApplicationEventPublisher events;
  @Autowired Generations generations;
  @Autowired Rebuilds rebuilds;

  @Test
  void an_event_the_live_intake_dead_lettered_has_its_read_model_rebuilt_with_it()
      throws Exception {
    var sku = "SKU-MISSED-" + UUID.randomUUID().toString().substring(0, 8);
    var levels = new StockLevelChanged(sku, 1, Instant.parse("2026-02-01T08:00:00Z"), 9, 2, 7);
    publish(levels);
    var generation = generations.live(ProjectionName.STOCK);
    var orderGeneration = generations.live(ProjectionName.ORDER);

    // What the platform announces once a record went to its dead-letter topic: here as if the
    // live stock view had failed on it for good.
    events.publishEvent(
        new DeadLettered(Topics.INVENTORY_EVENTS.name(), 0, 1, levels, "the view kept changing"));

    await("the stock projection rebuilt into a new generation and live again")
        .atMost(Duration.ofSeconds(90))
        .until(() ->
            generations.live(ProjectionName.STOCK) > generation
                && rebuilds.status(ProjectionName.STOCK).status().equals("LIVE"));
    assertThat(generations.live(ProjectionName.ORDER))
        .as("the order projection does not show stock levels and is left alone")
        .isEqualTo(orderGeneration);
    await("the rebuilt generation holds the event")
        .atMost(PROJECTED)
        .until(() ->
            http.get()
                .uri("/api/stock")
                .exchange()
                .returnResult(String.class)
                .getResponseBody()
                .contains(sku));
  }
}
