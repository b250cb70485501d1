package dev.orderflow.platform.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.nio.charset.Charset;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.json.JsonWriter.PairExtractor;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's {@code ecs} structured log format, the same JSON member for member, turned into
 * bytes whole: {@code logging.structured.format.console=dev.orderflow.platform.logging.EcsFormat}.
 *
 * <p>Boot 4.1's formatters write a line's bytes one character at a time, each through the charset's
 * encoder ({@code JsonWriterStructuredLogFormatter.formatAsBytes}): 7-10 % of the CPU of the
 * services that log a line per saga step, at 160 orders/s (docs/engineering/benchmarks.md). Boot's
 * own {@code format}, which builds the line as a {@code String}, is fast, and this class encodes
 * that string. Boot's ECS formatter cannot be reused for it (it is not public), so the members are
 * listed here; {@code EcsFormatTest} holds them to Boot's, byte for byte. Drop this class once Boot
 * encodes a line whole.
 */
public final class EcsFormat extends JsonWriterStructuredLogFormatter<ILoggingEvent> {

  private static final String ECS_VERSION = "8.11";
  private static final PairExtractor<KeyValuePair> KEY_VALUES =
      PairExtractor.of(pair -> pair.key, pair -> pair.value);

  /** Boot's structured logging instantiates it with these, as it does its own formats. */
  public EcsFormat(
      Environment environment,
      @Nullable StackTracePrinter stackTracePrinter,
      ContextPairs contextPairs,
      ThrowableProxyConverter throwableProxyConverter,
      StructuredLoggingJsonMembersCustomizer.Builder<?> customizer) {
    super(
        members ->
            members(
                members,
                environment,
                contextPairs,
                new StackTraces(stackTracePrinter, throwableProxyConverter)),
        customizer.nested().build());
  }

  @Override
  public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
    return format(event).getBytes(charset);
  }

  private static void members(
      JsonWriter.Members<ILoggingEvent> members,
      Environment environment,
      ContextPairs contextPairs,
      StackTraces stackTraces) {
    members.add("@timestamp", ILoggingEvent::getInstant);
    members
        .add("log")
        .usingMembers(log -> {
          log.add("level", ILoggingEvent::getLevel);
          log.add("logger", ILoggingEvent::getLoggerName);
        });
    var pid = environment.getProperty("spring.application.pid", Long.class);
    members
        .add("process")
        .usingMembers(process -> {
          process.add("pid", pid).whenNotNull();
          process
              .add("thread")
              .usingMembers(thread -> thread.add("name", ILoggingEvent::getThreadName));
        });
    ElasticCommonSchemaProperties.get(environment).jsonMembers(members);
    members.add("message", ILoggingEvent::getFormattedMessage);
    members
        .add()
        .usingPairs(
            contextPairs.nested(pairs -> {
              pairs.addMapEntries(ILoggingEvent::getMDCPropertyMap);
              pairs.add(ILoggingEvent::getKeyValuePairs, KEY_VALUES);
            }));
    members
        .add()
        .when(event -> event.getThrowableProxy() != null)
        .usingMembers(failed ->
            failed
                .add("error")
                .usingMembers(error -> {
                  error
                      .add("type", ILoggingEvent::getThrowableProxy)
                      .as(IThrowableProxy::getClassName);
                  error
                      .add("message", ILoggingEvent::getThrowableProxy)
                      .as(IThrowableProxy::getMessage);
                  error.add("stack_trace", stackTraces::of);
                }));
    members
        .add("tags", ILoggingEvent::getMarkerList)
        .whenNotNull()
        .as(EcsFormat::names)
        .whenNotEmpty();
    members.add("ecs").usingMembers(ecs -> ecs.add("version", ECS_VERSION));
  }

  /** The names of {@code markers} and of every marker they refer to, sorted. */
  private static Set<String> names(List<Marker> markers) {
    var names = new TreeSet<String>();
    addNames(markers.iterator(), names);
    return names;
  }

  private static void addNames(Iterator<Marker> markers, Set<String> names) {
    while (markers.hasNext()) {
      var marker = markers.next();
      names.add(marker.getName());
      if (marker.hasReferences()) {
        addNames(marker.iterator(), names);
      }
    }
  }

  /**
   * An event's stack trace as {@code logging.structured.json.stacktrace} has it printed, else as
   * Logback prints it.
   */
  private record StackTraces(
      @Nullable StackTracePrinter printer, ThrowableProxyConverter converter) {

    String of(ILoggingEvent event) {
      if (printer != null && event.getThrowableProxy() instanceof ThrowableProxy proxy) {
        return printer.printStackTraceToString(proxy.getThrowable());
      }
      return converter.convert(event);
    }
  }
}
