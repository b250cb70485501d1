package dev.orderflow.systemtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The part of a trace backend (Jaeger, say) the system tests need: it accepts what the services
 * export over OTLP/HTTP and remembers which services took part in which trace.
 */
final class TraceCollector implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Set<String>> servicesByTrace = new ConcurrentHashMap<>();

  private TraceCollector(HttpServer server) {
    this.server = server;
  }

  static TraceCollector start() {
    try {
      var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      var collector = new TraceCollector(server);
      server.createContext("/v1/traces", collector::receive);
      server.start();
      return collector;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the services send their spans. */
  String endpoint() {
    return "http://localhost:" + server.getAddress().getPort() + "/v1/traces";
  }

  /** The {@code service.name} of every service that sent a span of this trace so far. */
  Set<String> servicesIn(String traceId) {
    return Set.copyOf(servicesByTrace.getOrDefault(traceId, Set.of()));
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body =
            "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(exchange.getRequestBody())
                : exchange.getRequestBody()) {
      var request = ExportTraceServiceRequest.parseFrom(body);
      for (var resourceSpans : request.getResourceSpansList()) {
        var service =
            resourceSpans.getResource().getAttributesList().stream()
                .filter(attribute -> attribute.getKey().equals("service.name"))
                .map(attribute -> attribute.getValue().getStringValue())
                .findFirst()
                .orElse("unknown");
        for (var scopeSpans : resourceSpans.getScopeSpansList()) {
          for (var span : scopeSpans.getSpansList()) {
            var traceId = HexFormat.of().formatHex(span.getTraceId().toByteArray());
            servicesByTrace
                .computeIfAbsent(traceId, id -> ConcurrentHashMap.newKeySet())
                .add(service);
          }
        }
      }
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
