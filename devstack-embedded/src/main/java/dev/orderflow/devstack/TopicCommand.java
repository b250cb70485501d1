package dev.orderflow.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orderflow.devstack.supervisor.Readiness;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./devstack topic}: what a topic of the running stack holds, record by record, without
 * Kafka's shell tools: partition, offset, time, key, every header (the CloudEvents attributes
 * {@code ce_*}, {@code traceparent}, a dead letter's cause) and the value, JSON pretty-printed. It
 * reads as the services do ({@code read_committed}: no record of an aborted transaction) and joins
 * no consumer group, so it moves no one's offsets.
 *
 * <pre>
 * ./devstack topic                                  the topics: partitions, offsets in use
 * ./devstack topic TOPIC [--last 10 | --from-beginning] [--key KEY]
 * </pre>
 */
final class TopicCommand {

  static final Set<String> FLAGS = Set.of("from-beginning");
  static final Set<String> OPTIONS = Set.of("last", "key");
  static final int DEFAULT_LAST = 10;

  /** A header longer than this (a dead letter's exception message) is cut. */
  private static final int MAX_HEADER = 1000;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TopicCommand() {}

  /**
   * Which records: all of them, or the last {@code last} (by time, across partitions); only those
   * with {@code key} if one is given.
   */
  record Selection(String topic, boolean fromBeginning, int last, @Nullable String key) {

    static Selection parse(Arguments arguments) {
      var positionals = arguments.positionals();
      if (positionals.size() > 1) {
        throw new IllegalArgumentException("topic takes one topic, not " + positionals);
      }
      if (arguments.flag("from-beginning") && arguments.value("last").isPresent()) {
        throw new IllegalArgumentException("--from-beginning or --last, not both");
      }
      int last = arguments.intValue("last", DEFAULT_LAST);
      if (last < 1) {
        throw new IllegalArgumentException("--last must be at least 1, was " + last);
      }
      return new Selection(
          positionals.isEmpty() ? "" : positionals.getFirst(),
          arguments.flag("from-beginning"),
          last,
          arguments.value("key").orElse(null));
    }

    /** Where to start reading a partition that holds offsets {@code begin} to {@code end}. */
    long start(long begin, long end) {
      // Twice as far back: a transaction's commit marker takes an offset after its records.
      return fromBeginning || key != null ? begin : Math.max(begin, end - 2L * last);
    }

    /** The chosen records of those read, in time order. */
    List<ConsumerRecord<String, byte[]>> choose(List<ConsumerRecord<String, byte[]>> read) {
      var chosen =
          read.stream()
              .filter(record -> key == null || key.equals(record.key()))
              .sorted(
                  Comparator.<ConsumerRecord<String, byte[]>>comparingLong(
                          ConsumerRecord::timestamp)
                      .thenComparingInt(ConsumerRecord::partition)
                      .thenComparingLong(ConsumerRecord::offset))
              .toList();
      return fromBeginning
          ? chosen
          : chosen.subList(Math.max(0, chosen.size() - last), chosen.size());
    }
  }

  static int run(Arguments arguments, DevstackOptions options, PrintStream out) {
    var selection = Selection.parse(arguments);
    var ports = options.instancesOf(Infrastructure.KAFKA).stream().map(options::port).toList();
    if (ports.stream().noneMatch(port -> new Readiness.PortOpen(port).isReady())) {
      throw new DevstackException(
          "kafka is not running on port "
              + ports.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElseThrow()
              + " (start ./devstack first)");
    }
    var config =
        Map.<String, Object>of(
            "bootstrap.servers", options.kafkaBootstrapServers(),
            "enable.auto.commit", "false",
            "isolation.level", "read_committed",
            "default.api.timeout.ms", "10000");
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var topics = consumer.listTopics();
      if (selection.topic().isEmpty()) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("TOPIC", "PARTITIONS", "OFFSETS"));
        topics.keySet().stream()
            .filter(name -> !name.startsWith("__"))
            .sorted()
            .forEach(name -> {
              var partitions =
                  topics.getOrDefault(name, List.of()).stream()
                      .map(info -> new TopicPartition(name, info.partition()))
                      .toList();
              // Assigned, so that the consumer keeps the last stable offsets it is told.
              consumer.assign(partitions);
              var begin = consumer.beginningOffsets(partitions);
              var end = consumer.endOffsets(partitions);
              long offsets =
                  partitions.stream()
                      .mapToLong(p -> end.getOrDefault(p, 0L) - begin.getOrDefault(p, 0L))
                      .sum();
              rows.add(List.of(name, String.valueOf(partitions.size()), String.valueOf(offsets)));
            });
        DeadLetterCommand.print(rows, out);
        return 0;
      }
      var infos = topics.get(selection.topic());
      if (infos == null) {
        throw new DevstackException(
            "No topic '"
                + selection.topic()
                + "'; there are: "
                + String.join(
                    ", ",
                    topics.keySet().stream()
                        .filter(name -> !name.startsWith("__"))
                        .sorted()
                        .toList()));
      }
      var partitions =
          infos.stream()
              .map(info -> new TopicPartition(selection.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      var begin = consumer.beginningOffsets(partitions);
      var end = consumer.endOffsets(partitions);
      for (var partition : partitions) {
        consumer.seek(
            partition,
            selection.start(begin.getOrDefault(partition, 0L), end.getOrDefault(partition, 0L)));
      }
      var read = new ArrayList<ConsumerRecord<String, byte[]>>();
      // Transaction markers take offsets too: read until every position reaches the end.
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.getOrDefault(p, 0L))) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
      var chosen = selection.choose(read);
      chosen.forEach(record -> out.print(format(record)));
      out.println(
          chosen.size()
              + (chosen.size() == 1 ? " record" : " records")
              + (selection.key() == null ? "" : " with key " + selection.key())
              + (selection.fromBeginning() ? "" : " (the last " + selection.last() + " at most)"));
      return 0;
    } catch (KafkaException e) {
      throw new DevstackException("kafka on " + options.kafkaBootstrapServers() + ": " + e);
    }
  }

  /** One record: where it is, its key, its headers one a line, then its value. */
  static String format(ConsumerRecord<String, byte[]> record) {
    var text = new StringBuilder();
    text.append("--- ")
        .append(record.topic())
        .append("  partition ")
        .append(record.partition())
        .append("  offset ")
        .append(record.offset())
        .append("  ")
        .append(Instant.ofEpochMilli(record.timestamp()))
        .append('\n');
    text.append("key: ").append(record.key()).append('\n');
    for (Header header : record.headers()) {
      text.append(header.key()).append(": ").append(headerValue(header.value())).append('\n');
    }
    text.append(value(record.value())).append('\n');
    return text.toString();
  }

  /**
   * Text if it is text (a stack trace as its first line and how many follow); a 4- or 8-byte binary
   * number (as Spring Kafka writes a dead letter's original partition, offset and timestamp) as
   * that number; other bytes in hex.
   */
  static String headerValue(byte @Nullable [] bytes) {
    if (bytes == null) {
      return "null";
    }
    var text = utf8(bytes);
    if (text != null
        && text.chars().noneMatch(c -> Character.isISOControl(c) && !isWhitespace(c))) {
      var lines = text.strip().split("\\R");
      var first = lines[0].strip();
      if (first.length() > MAX_HEADER) {
        first = first.substring(0, MAX_HEADER - 3) + "...";
      }
      return lines.length == 1 ? first : first + " (+" + (lines.length - 1) + " more lines)";
    }
    return switch (bytes.length) {
      case 4 -> String.valueOf(ByteBuffer.wrap(bytes).getInt());
      case 8 -> String.valueOf(ByteBuffer.wrap(bytes).getLong());
      default -> "0x" + HexFormat.of().formatHex(bytes);
    };
  }

  private static boolean isWhitespace(int c) {
    return c == '\t' || c == '\n' || c == '\r';
  }

  /** The value pretty-printed if it is JSON, as text if it is text, in hex otherwise. */
  static String value(byte @Nullable [] bytes) {
    if (bytes == null) {
      return "null (a tombstone)";
    }
    try {
      return JSON.writeValueAsString(JSON.readTree(bytes));
    } catch (JsonProcessingException e) {
      var text = utf8(bytes);
      return text != null ? text : "0x" + HexFormat.of().formatHex(bytes);
    } catch (java.io.IOException e) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
  }

  private static @Nullable String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
