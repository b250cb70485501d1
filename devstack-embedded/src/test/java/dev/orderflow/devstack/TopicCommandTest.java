package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.devstack.kafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicCommandTest {

  @TempDir Path repo;

  private static Arguments parse(String... arguments) {
    return Arguments.parse(List.of(arguments), TopicCommand.FLAGS, TopicCommand.OPTIONS);
  }

  @Test
  void a_record_shows_where_it_is_its_key_its_headers_and_its_value_pretty_printed() {
    var headers =
        new RecordHeaders(
            List.of(
                new RecordHeader("ce_type", "OrderPlaced".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(
                    "traceparent",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                        .getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(
                    "kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(42).array())));
    var record =
        new ConsumerRecord<>(
            "orders.events",
            2,
            17,
            1_764_835_200_000L,
            TimestampType.CREATE_TIME,
            0,
            0,
            "o-1",
            "{\"orderId\":\"o-1\",\"version\":1}".getBytes(StandardCharsets.UTF_8),
            headers,
            Optional.empty());

    assertThat(TopicCommand.format(record))
        .isEqualTo(
            """
            --- orders.events  partition 2  offset 17  2025-12-04T08:00:00Z
            key: o-1
            ce_type: OrderPlaced
            traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
            kafka_dlt-original-offset: 42
            {
              "orderId" : "o-1",
              "version" : 1
            }
            """);
  }

  @Test
  void a_value_that_is_not_json_is_printed_as_it_is() {
    assertThat(TopicCommand.value("not json {".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("not json {");
    assertThat(TopicCommand.headerValue(new byte[] {0, 0, 0, 1})).isEqualTo("1");
    assertThat(TopicCommand.headerValue(new byte[] {1, 2})).isEqualTo("0x0102");
    assertThat(
            TopicCommand.headerValue(
                "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("java.lang.IllegalStateException: boom (+2 more lines)");
  }

  @Test
  void the_last_ten_by_default_every_record_from_the_beginning_and_last_and_beginning_not_both() {
    var byDefault = TopicCommand.Selection.parse(parse("orders.events"));
    assertThat(byDefault.start(0, 100)).as("room for commit markers").isEqualTo(80);
    assertThat(byDefault.start(95, 100)).isEqualTo(95);

    var all = TopicCommand.Selection.parse(parse("orders.events", "--from-beginning"));
    assertThat(all.start(3, 100)).isEqualTo(3);

    var keyed = TopicCommand.Selection.parse(parse("orders.events", "--last", "2", "--key", "o-1"));
    assertThat(keyed.start(3, 100)).as("a key is looked for in the whole partition").isEqualTo(3);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> TopicCommand.Selection.parse(parse("t", "--from-beginning", "--last", "3")))
        .withMessage("--from-beginning or --last, not both");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TopicCommand.Selection.parse(parse("t", "u")))
        .withMessageContaining("one topic");
  }

  @Test
  void without_a_running_stack_it_says_so() {
    int free = FreePorts.find();
    var options = DevstackOptions.defaults(repo).port(Infrastructure.KAFKA, free);

    assertThatThrownBy(() ->
            TopicCommand.run(
                parse("orders.events"), options, new PrintStream(new ByteArrayOutputStream())))
        .isInstanceOf(DevstackException.class)
        .hasMessage("kafka is not running on port " + free + " (start ./devstack first)");
  }

  @Test
  void on_a_broker_it_lists_topics_and_prints_the_last_records_of_one_key(@TempDir Path data)
      throws Exception {
    try (var kafka = EmbeddedKafka.start(data, 0, 1)) {
      try (var admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("orders.events", 2, (short) 1))).all().get();
      }
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        for (int version = 1; version <= 3; version++) {
          producer
              .send(new ProducerRecord<>("orders.events", "o-1", "{\"version\":" + version + "}"))
              .get();
          producer
              .send(new ProducerRecord<>("orders.events", "o-2", "{\"version\":" + version + "}"))
              .get();
        }
      }
      var options =
          DevstackOptions.defaults(repo)
              .port(Infrastructure.KAFKA, Integer.parseInt(kafka.bootstrapServers().split(":")[1]));

      var topics = new ByteArrayOutputStream();
      TopicCommand.run(parse(), options, new PrintStream(topics, true, StandardCharsets.UTF_8));
      assertThat(topics.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              """
              TOPIC          PARTITIONS  OFFSETS
              orders.events  2           6
              """);

      var out = new ByteArrayOutputStream();
      TopicCommand.run(
          parse("orders.events", "--key", "o-1", "--last", "2"),
          options,
          new PrintStream(out, true, StandardCharsets.UTF_8));
      var printed = out.toString(StandardCharsets.UTF_8);
      assertThat(printed).doesNotContain("key: o-2").doesNotContain("\"version\" : 1");
      assertThat(printed).contains("\"version\" : 2", "\"version\" : 3");
      assertThat(printed).endsWith("2 records with key o-1 (the last 2 at most)\n");
    }
  }
}
