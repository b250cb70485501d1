package dev.orderflow.platform;

import dev.orderflow.platform.faults.FaultSharingProperties;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.faults.ServiceWideFaults;
import dev.orderflow.platform.instance.InstanceName;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.tracing.EventLogContext;
import dev.orderflow.platform.tracing.ExportedSpansOnly;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What every part of the platform builds on: the clock, the events' wire form, the trace and
 * logging context, this instance's name, and the faults registry, shared by the service's
 * instances. The concerns that use them have an auto-configuration each: {@code
 * KafkaPlatformAutoConfiguration}, {@code OutboxAutoConfiguration}, {@code
 * MongoPlatformAutoConfiguration} and {@code WebPlatformAutoConfiguration}.
 */
@AutoConfiguration
@EnableConfigurationProperties(FaultSharingProperties.class)
public class PlatformAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  EventJson eventJson() {
    return new EventJson();
  }

  /** Spans recorded only where they are exported; otherwise traces are only propagated. */
  @Bean
  ExportedSpansOnly exportedSpansOnly(ObjectProvider<SpanExporter> exporters) {
    return new ExportedSpansOnly(exporters);
  }

  @Bean
  TraceContext traceContext(ObjectProvider<Tracer> tracer) {
    return new TraceContext(tracer.getIfAvailable(() -> Tracer.NOOP));
  }

  @Bean
  Faults faults(MeterRegistry meters, Clock clock) {
    return new Faults(meters, clock);
  }

  /**
   * This process among the instances of its service: {@code orderflow.instance.name}, else its host
   * name and port ({@link InstanceName#of}).
   */
  @Bean
  InstanceName instanceName(
      @Value("${orderflow.instance.name:}") String configured,
      @Value("${HOSTNAME:}") String hostVariable,
      @Value("${server.port:8080}") int port) {
    return InstanceName.of(configured, hostVariable, port);
  }

  /** With {@code server.port=0}, the name takes the port the web server bound. */
  @Bean
  ApplicationListener<WebServerInitializedEvent> instanceNamePort(InstanceName instance) {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) {
        instance.portBound(event.getWebServer().getPort());
      }
    };
  }

  /** The faults switched through any instance, applied by all of them. */
  @Bean
  ServiceWideFaults serviceWideFaults(
      Faults faults,
      MongoTemplate mongo,
      InstanceName instance,
      FaultSharingProperties properties,
      MeterRegistry meters,
      Clock clock) {
    return new ServiceWideFaults(faults, mongo, instance, properties, meters, clock);
  }

  /** Which order (or sku) the log lines written while handling a record are about. */
  @Bean
  EventLogContext eventLogContext() {
    return new EventLogContext();
  }
}
