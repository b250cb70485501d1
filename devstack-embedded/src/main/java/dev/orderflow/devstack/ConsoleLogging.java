package dev.orderflow.devstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging for the command line, set up in code: a {@code logback.xml} in this jar would also
 * configure the tests of every module that uses {@link EmbeddedStack}, and Logback's default logs
 * everything at DEBUG.
 */
final class ConsoleLogging {

  private ConsoleLogging() {}

  /** The supervisor's terminal: its own messages, warnings and errors of the libraries. */
  static void forSupervisor() {
    configure("%d{HH:mm:ss} %msg%n", Level.WARN, Map.of("dev.orderflow.devstack", Level.INFO));
  }

  /** A command that prints its own results: only the libraries' warnings and errors besides. */
  static void forCommand() {
    configure("%d{HH:mm:ss} %level %logger{20} - %msg%n", Level.WARN, Map.of());
  }

  /**
   * A part's log file: what the part itself says; the broker's and the Mongo server's chatter only
   * from WARN up (the broker alone logs hundreds of lines of configuration at INFO).
   */
  static void forPart() {
    configure(
        "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n",
        Level.INFO,
        Map.of(
            "kafka", Level.WARN,
            "org.apache.kafka", Level.WARN,
            "state.change.logger", Level.WARN,
            "de.bwaldvogel", Level.WARN,
            "io.netty", Level.WARN));
  }

  private static void configure(String pattern, Level rootLevel, Map<String, Level> levels) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    var encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    var appender = new ConsoleAppender<ILoggingEvent>();
    appender.setContext(context);
    appender.setName("console");
    appender.setEncoder(encoder);
    appender.start();
    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(rootLevel);
    levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }
}
