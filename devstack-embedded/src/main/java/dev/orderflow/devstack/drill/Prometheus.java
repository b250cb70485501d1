package dev.orderflow.devstack.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prometheus' HTTP API, as much of it as a drill needs: readiness and instant queries. */
public final class Prometheus {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** {@code http://localhost:9090}. */
  public Prometheus(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /**
   * One series of an instant query's result.
   *
   * @param labels the series' labels, {@code __name__} included if it has one
   */
  public record Sample(Map<String, String> labels, double value) {

    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  /** Whether Prometheus answers {@code /-/ready} with 200. */
  public boolean isReady() {
    try {
      return http.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding()).statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * {@code GET /api/v1/query?query=...}: a vector's series, or a scalar as one series without
   * labels.
   *
   * @throws IOException when Prometheus does not answer, or refuses the query (its error in the
   *     message)
   */
  public List<Sample> query(String expression) throws IOException, InterruptedException {
    var response =
        http.send(
            request("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          "Prometheus answered %d, not JSON: %s".formatted(response.statusCode(), response.body()));
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new IOException(
          "Prometheus refused the query (%s): %s"
              .formatted(body.path("errorType").asText("?"), body.path("error").asText("")));
    }
    var data = body.path("data");
    var samples = new ArrayList<Sample>();
    switch (data.path("resultType").asText()) {
      case "vector" -> {
        for (var series : data.path("result")) {
          var labels = new LinkedHashMap<String, String>();
          series
              .path("metric")
              .properties()
              .forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
          samples.add(new Sample(labels, value(series.path("value"))));
        }
      }
      case "scalar" -> samples.add(new Sample(Map.of(), value(data.path("result"))));
      default ->
          throw new IOException(
              "A drill compares numbers; '%s' gives a %s"
                  .formatted(expression, data.path("resultType").asText()));
    }
    return samples;
  }

  /** {@code [<time>, "<value>"]}; Prometheus writes NaN and infinities as text too. */
  private static double value(JsonNode pair) {
    return Double.parseDouble(pair.path(1).asText("NaN").replace("Inf", "Infinity"));
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
  }
}
