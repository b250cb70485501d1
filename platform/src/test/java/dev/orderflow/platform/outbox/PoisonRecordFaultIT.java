package dev.orderflow.platform.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestApplication.DeadLetteredRecords;
import dev.orderflow.platform.PlatformTestApplication.HandledEvents;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.faults.FaultSharingProperties;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.faults.ServiceWideFaults;
import dev.orderflow.platform.instance.InstanceName;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.kafka.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

class PoisonRecordFaultIT extends PlatformTestSupport {

  private static final String TOPIC = Topics.ORDER_EVENTS.name();

  @Autowired MockMvc mvc;
  @Autowired KafkaTemplate<String, String> kafka;
  @Autowired MongoTemplate mongo;
  @Autowired EventJson json;
  @Autowired MeterRegistry meters;
  @Autowired HandledEvents handled;
  @Autowired DeadLetteredRecords deadLettered;
  @Autowired Clock clock;

  @Value("${spring.application.name}")
  String serviceName;

  @AfterEach
  void switchOff() throws Exception {
    mvc.perform(delete("/api/admin/faults/poison-record").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk());
  }

  @Test
  void a_switch_publishes_count_unreadable_records_once_for_the_whole_service() throws Exception {
    var before = poisonKeys();
    // A second instance of the service, which follows the switch like every instance does.
    var otherFaults = new Faults(new SimpleMeterRegistry(), clock);
    new PoisonRecordFault(otherFaults, kafka, serviceName, Topics.ORDER_EVENTS, json, clock);
    var other =
        new ServiceWideFaults(
            otherFaults,
            mongo,
            InstanceName.of("poison-second-instance", null, 0),
            new FaultSharingProperties(
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                Duration.ofSeconds(6),
                Duration.ofSeconds(2)),
            new SimpleMeterRegistry(),
            clock);
    other.start();
    try {
      switchOn(1, 3)
          .andExpect(jsonPath("$.instances.applied.length()").value(2))
          .andExpect(jsonPath("$.parameters.count").value(3));
      assertThat(otherFaults.named("poison-record").active()).isTrue();

      await("three poison records on " + TOPIC)
          .atMost(Duration.ofSeconds(10))
          .until(() -> published(before).size() == 3);
      await("and no more: the other instance applied the switch without publishing")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> published(before).size() == 3);
    } finally {
      other.stop();
    }

    for (var record : published(before)) {
      assertThatThrownBy(() -> json.read(record.value())).as("not JSON at all").isNotNull();
      assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
      assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("OrderPlaced");
      assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(record.key());
      assertThat(header(record, CloudEventHeaders.ID)).isNotBlank();
    }
  }

  @Test
  void out_of_bounds_records_are_dead_lettered_with_their_cause_and_the_consumer_carries_on()
      throws Exception {
    var before = poisonKeys();
    var deadLettersBefore = DeadLetters.counter(meters, TOPIC).count();

    switchOn(2, 2).andExpect(jsonPath("$.enabled").value(true));
    await("two poison records on " + TOPIC)
        .atMost(Duration.ofSeconds(10))
        .until(() -> published(before).size() == 2);
    var good = placed();
    kafka.send(KafkaOutboxPublisher.recordOf("test", good.orderId(), good, json.write(good))).get();

    var poison = published(before);
    for (var record : poison) {
      var tree =
          json.read(new String(record.value(), UTF_8).replace("\"quantity\":-1", "\"quantity\":1"));
      assertThat(tree)
          .as("a well-formed OrderPlaced but for its quantity")
          .isInstanceOf(OrderPlaced.class);
      assertThat(new String(record.value(), UTF_8)).contains("\"quantity\":-1");
    }
    var keys = poison.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    await("both dead-lettered, with the cause")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(deadLettered.all())
                .filteredOn(letter -> letter.topic().equals(TOPIC))
                .filteredOn(letter -> letter.cause().contains("quantity must be within"))
                .hasSizeGreaterThanOrEqualTo(2));
    assertThat(
            EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.deadLetter()).stream()
                .filter(record -> keys.contains(record.key())))
        .hasSize(2);
    assertThat(DeadLetters.counter(meters, TOPIC).count())
        .as("kafka_dead_letters_total{topic=\"orders.events\"}")
        .isGreaterThanOrEqualTo(deadLettersBefore + 2);
    await("the record after them is handled")
        .atMost(Duration.ofSeconds(20))
        .until(() -> handled.all().contains(good));
  }

  @Test
  void kind_and_count_keep_to_their_bounds() throws Exception {
    for (var body : List.of("{\"kind\":3}", "{\"kind\":0}", "{\"count\":11}", "{\"count\":0}")) {
      mvc.perform(
              put("/api/admin/faults/poison-record")
                  .with(httpBasic(ADMIN, PASSWORD))
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(body))
          .andExpect(status().isBadRequest());
    }
  }

  private ResultActions switchOn(int kind, int count) throws Exception {
    return mvc.perform(
            put("/api/admin/faults/poison-record")
                .with(httpBasic(ADMIN, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true,\"kind\":" + kind + ",\"count\":" + count + "}"))
        .andExpect(status().isOk());
  }

  private static Set<String> poisonKeys() {
    return published(Set.of()).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
  }

  private static List<ConsumerRecord<String, byte[]>> published(Set<String> before) {
    return EmbeddedStack.shared().kafka().readAll(TOPIC).stream()
        .filter(record -> record.key() != null && record.key().startsWith("poison-"))
        .filter(record -> !before.contains(record.key()))
        .toList();
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }

  private static OrderPlaced placed() {
    var price = new BigDecimal("2.50");
    return new OrderPlaced(
        UUID.randomUUID().toString(),
        1,
        Instant.now(),
        "c-1",
        List.of(new OrderLine("sku-1", 1, price)),
        price);
  }
}
