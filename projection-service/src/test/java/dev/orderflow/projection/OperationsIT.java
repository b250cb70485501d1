package dev.orderflow.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperationsIT extends ProjectionServiceIntegrationTest {

  @Test
  void health_is_up_and_prometheus_shows_the_projection_metrics_from_the_start() {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body ->
            assertThat(body)
                .contains(
                    "projection_events_skipped_total{",
                    "projection_events_applied_total{",
                    "projection_stream_subscribers{",
                    "projection_lag_seconds_bucket{",
                    "projection_records_behind{",
                    "projection_rebuild_progress{",
                    "projection_rebuilds_total{",
                    "projection_rebuild_records_unreadable_total{")
                .containsPattern("projection_events_applied_total\\{[^}]*projection=\"sales\""));
  }
}
