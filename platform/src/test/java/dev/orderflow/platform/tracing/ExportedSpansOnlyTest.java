package dev.orderflow.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Boot's own tracing auto-configuration with the platform's customizer, as the services run. */
class ExportedSpansOnlyTest {

  private final ApplicationContextRunner services =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  OpenTelemetrySdkAutoConfiguration.class,
                  OpenTelemetryTracingAutoConfiguration.class,
                  OtlpTracingAutoConfiguration.class))
          .withUserConfiguration(Platform.class)
          .withPropertyValues("management.tracing.sampling.probability=1.0");

  @Test
  void without_an_exporter_a_new_trace_is_propagated_but_not_recorded() {
    services.run(context -> {
      assertThat(context).doesNotHaveBean(SpanExporter.class);
      var span = context.getBean(Tracer.class).spanBuilder("place").startSpan();

      assertThat(span.isRecording()).isFalse();
      assertThat(span.getSpanContext().isSampled()).isFalse();
      assertThat(span.getSpanContext().isValid()).isTrue();
    });
  }

  @Test
  void without_an_exporter_a_callers_sampled_trace_stays_sampled() {
    services.run(context -> {
      var caller =
          SpanContext.createFromRemoteParent(
              "4bf92f3577b34da6a3ce929d0e0e4736",
              "00f067aa0ba902b7",
              TraceFlags.getSampled(),
              TraceState.getDefault());
      var span =
          context
              .getBean(Tracer.class)
              .spanBuilder("consume")
              .setParent(Context.root().with(Span.wrap(caller)))
              .startSpan();

      assertThat(span.getSpanContext().isSampled()).isTrue();
      assertThat(span.getSpanContext().getTraceId()).isEqualTo(caller.getTraceId());
    });
  }

  @Test
  void with_an_otlp_endpoint_every_new_trace_is_recorded_as_configured() {
    services
        .withPropertyValues(
            "management.opentelemetry.tracing.export.otlp.endpoint=http://localhost:4318/v1/traces")
        .run(context -> {
          assertThat(context).hasSingleBean(SpanExporter.class);
          var span = context.getBean(Tracer.class).spanBuilder("place").startSpan();

          assertThat(span.isRecording()).isTrue();
          assertThat(span.getSpanContext().isSampled()).isTrue();
        });
  }

  /** The platform's bean, as {@code PlatformAutoConfiguration} declares it. */
  @Configuration(proxyBeanMethods = false)
  static class Platform {

    @Bean
    ExportedSpansOnly exportedSpansOnly(ObjectProvider<SpanExporter> exporters) {
      return new ExportedSpansOnly(exporters);
    }
  }
}
