package dev.orderflow.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's ECS lines are Boot's {@code ecs} lines, byte for byte, for every kind of event the
 * services log and under the settings Boot's format reads; if Boot's format changes, this fails.
 */
class EcsFormatTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Stream<Arguments> eventsAndSettings() {
    var settings =
        List.of(
            Map.of("spring.application.name", "order-service", "spring.application.pid", "4242"),
            Map.of(
                "spring.application.name", "inventory-service",
                "spring.application.version", "1.2.3",
                "logging.structured.ecs.service.environment", "dev",
                "logging.structured.ecs.service.node-name", "devstack-1"),
            Map.of(
                "spring.application.name", "notification-service",
                "logging.structured.json.exclude", "process.thread",
                "logging.structured.json.rename.log.logger", "logger_name",
                "logging.structured.json.add.team", "orderflow"),
            Map.of(
                "spring.application.name", "projection-service",
                "logging.structured.json.stacktrace.max-length", "300",
                "logging.structured.json.stacktrace.root", "first",
                "logging.structured.json.context.prefix", "ctx"));
    var events = List.of("plain", "mdc and key values", "failure", "markers", "non-ascii");
    return settings.stream()
        .flatMap(properties -> events.stream().map(event -> Arguments.of(event, properties)));
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("eventsAndSettings")
  void a_line_is_the_one_boots_ecs_format_writes(String kind, Map<String, String> properties)
      throws Exception {
    var context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    var environment = new MockEnvironment();
    properties.forEach(environment::setProperty);
    context.putObject(Environment.class.getName(), environment);
    var event = event(context, kind);

    var boots = encoder(context, "ecs").encode(event);
    var platforms = encoder(context, EcsFormat.class.getName()).encode(event);

    assertThat(new String(platforms, StandardCharsets.UTF_8))
        .isEqualTo(new String(boots, StandardCharsets.UTF_8));
    var line = JSON.readTree(platforms);
    assertThat(line.path("message").asString()).isEqualTo(event.getFormattedMessage());
  }

  private static StructuredLogEncoder encoder(LoggerContext context, String format) {
    var encoder = new StructuredLogEncoder();
    encoder.setContext(context);
    encoder.setFormat(format);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    return encoder;
  }

  private static ILoggingEvent event(LoggerContext context, String kind) {
    var logger = context.getLogger("dev.orderflow.order.application.OrderCommandHandler");
    return switch (kind) {
      case "plain" -> event(logger, "Order {} confirmed", null, "o-1");
      case "mdc and key values" -> {
        var event = event(logger, "Order {} placed by {}", null, "o-2", "c-1");
        event.setMDCPropertyMap(
            Map.of("traceId", "65fe049e65bb7b8c3eb9325f3052a0e8", "orderId", "o-2"));
        event.addKeyValuePair(new KeyValuePair("lines", 3));
        yield event;
      }
      case "failure" ->
          event(
              logger,
              "Relay failed for {}",
              new IllegalStateException("broker \"away\"", new RuntimeException("timeout")),
              "o-3");
      case "markers" -> {
        var event = event(logger, "Marked", null);
        var marker = MarkerFactory.getDetachedMarker("saga");
        marker.add(MarkerFactory.getDetachedMarker("deadline"));
        event.addMarker(marker);
        yield event;
      }
      case "non-ascii" ->
          event(logger, "Kunde {} bestellt Größe {}\t\"ü\" \u2603 \uD83D\uDE00", null, "Zoë", "M");
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static LoggingEvent event(
      Logger logger, String message, @Nullable Throwable failure, Object... arguments) {
    var event =
        new LoggingEvent(
            EcsFormatTest.class.getName(), logger, Level.INFO, message, failure, arguments);
    event.setThreadName("tomcat-handler-8");
    return event;
  }
}
