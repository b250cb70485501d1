package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestApplication;
import dev.orderflow.platform.PlatformTestApplication.HandledEvents;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

class DeadLetterRedriveIT extends PlatformTestSupport {

  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired HandledEvents handled;
  @Autowired EventJson json;
  @Autowired DeadLetterInbox inbox;
  @Autowired MockMvc mvc;

  @Test
  void a_dead_letter_is_listed_with_its_cause_and_handled_once_sent_back_after_the_fix()
      throws Exception {
    var order =
        new OrderPlaced(
            UUID.randomUUID().toString(),
            1,
            Instant.parse("2026-01-01T00:00:00Z"),
            PlatformTestApplication.FIXABLE_CUSTOMER,
            List.of(new OrderLine("SKU-1", 1, BigDecimal.ONE)),
            BigDecimal.ONE);
    kafka
        .send(KafkaOutboxPublisher.recordOf("test", order.orderId(), order, json.write(order)))
        .get();

    var dead =
        await("the order is dead-lettered")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    inbox.list().stream().filter(l -> order.orderId().equals(l.key())).findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(dead.topic()).isEqualTo(Topics.ORDER_EVENTS.name());
    assertThat(dead.exception()).endsWith("UnprocessableEventException");
    assertThat(dead.message()).contains("hits a bug");
    assertThat(dead.status()).isEqualTo("DEAD");
    mvc.perform(get("/api/admin/dead-letters").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[?(@.id == '%s')].status".formatted(dead.id())).value("DEAD"));

    handled.fix();
    var redrive =
        "/api/admin/dead-letters/%s/%d/%d/redrive"
            .formatted(dead.deadLetterTopic(), dead.partition(), dead.offset());
    mvc.perform(post(redrive).with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("REDRIVEN"));

    await("the re-driven order is handled")
        .atMost(Duration.ofSeconds(30))
        .until(() -> handled.all().contains(order));
    mvc.perform(post(redrive).with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:already-redriven"));
  }

  @Test
  void a_dead_letter_that_does_not_exist_is_404() throws Exception {
    mvc.perform(
            post("/api/admin/dead-letters/orders.events.DLT/0/999999/redrive")
                .with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isNotFound());
  }
}
