package dev.orderflow.platform.tracing;

import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;

/**
 * Records spans only where something exports them. Without a span exporter (no {@code
 * management.opentelemetry.tracing.export.otlp.endpoint}: {@code ./devstack}, the bench, the tests
 * that collect no traces) a recorded span is built, tagged and ended for every request and record
 * only to be dropped (docs/engineering/benchmarks.md). Here a new trace is not sampled: its spans
 * are not recorded, but it still has its trace and span ids, so the logs' {@code traceId}, the
 * {@code traceparent} of every record and the order view's trace id are as before, and the
 * observations' metrics are untouched. A caller's sampling decision is kept ({@link
 * Sampler#parentBased}), so a service that does export downstream still gets the whole trace of a
 * sampled request. With an exporter, the configured sampler applies unchanged ({@code
 * management.tracing.sampling.probability}, 1.0 in the platform's defaults).
 */
public final class ExportedSpansOnly implements SdkTracerProviderBuilderCustomizer {

  private static final Logger log = LoggerFactory.getLogger(ExportedSpansOnly.class);

  private final ObjectProvider<SpanExporter> exporters;

  public ExportedSpansOnly(ObjectProvider<SpanExporter> exporters) {
    this.exporters = exporters;
  }

  /** Whether a span exporter is configured, so that spans are recorded and exported. */
  public static boolean exporting(ObjectProvider<SpanExporter> exporters) {
    return exporters.stream().findAny().isPresent();
  }

  @Override
  public void customize(SdkTracerProviderBuilder builder) {
    if (exporting(exporters)) {
      return;
    }
    log.info(
        "No span exporter: new traces are not recorded, only propagated (their ids still reach"
            + " logs and records); set management.opentelemetry.tracing.export.otlp.endpoint to"
            + " export and record them");
    builder.setSampler(Sampler.parentBased(Sampler.alwaysOff()));
  }
}
