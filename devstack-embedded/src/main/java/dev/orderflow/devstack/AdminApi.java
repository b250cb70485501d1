package dev.orderflow.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The running services' admin API ({@code /api/admin/**}), with the admin's credentials, through
 * the first instance of a service that answers: what it serves (dead letters, faults) is the
 * service's, the same through every instance.
 */
final class AdminApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final DevstackOptions options;
  private final String authorization;

  /**
   * @param authorization the {@code Authorization} header's value ({@link
   *     AdminCredentials#basicAuthorization()})
   */
  AdminApi(DevstackOptions options, String authorization) {
    this.options = options;
    this.authorization = authorization;
  }

  /**
   * {@code method path} on the service's first instance that accepts the connection, with {@code
   * json} as the body if there is one.
   *
   * @throws DevstackException if no instance of the service accepts a connection, naming its ports
   */
  HttpResponse<String> call(Service service, String method, String path, @Nullable String json)
      throws IOException, InterruptedException {
    var ports = new ArrayList<Integer>();
    for (var instance : options.instancesOf(service)) {
      int port = options.port(instance);
      ports.add(port);
      var request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
              .header("Authorization", authorization)
              .timeout(Duration.ofSeconds(30));
      if (json == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json));
      }
      try {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        // Not running there: the next instance, if there is one.
      }
    }
    throw new DevstackException(
        service.partName()
            + " is not running on port"
            + (ports.size() > 1 ? "s " : " ")
            + ports.stream().map(String::valueOf).collect(Collectors.joining(", "))
            + " (start ./devstack first)");
  }

  /** {@code 404 No fault 'x'}: the status and the problem's detail, or the body. */
  static String describe(HttpResponse<String> response) {
    try {
      var problem = JSON.readTree(response.body());
      return response.statusCode() + " " + problem.path("detail").asText(response.body());
    } catch (IOException e) {
      return response.statusCode() + " " + response.body();
    }
  }
}
