package dev.orderflow.platform;

import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.tracing.EventLogContext;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * What every part of the platform builds on: the clock, the events' wire form, the trace and
 * logging context, and the faults registry. The concerns that use them have an auto-configuration
 * each: {@code KafkaPlatformAutoConfiguration}, {@code OutboxAutoConfiguration}, {@code
 * MongoPlatformAutoConfiguration} and {@code WebPlatformAutoConfiguration}.
 */
@AutoConfiguration
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

  @Bean
  TraceContext traceContext(ObjectProvider<Tracer> tracer) {
    return new TraceContext(tracer.getIfAvailable(() -> Tracer.NOOP));
  }

  @Bean
  Faults faults(MeterRegistry meters, Clock clock) {
    return new Faults(meters, clock);
  }

  /** Which order (or sku) the log lines written while handling a record are about. */
  @Bean
  EventLogContext eventLogContext() {
    return new EventLogContext();
  }
}
