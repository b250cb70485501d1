package dev.orderflow.devstack.supervisor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** When a started process is ready to be used: each check answers at once, and is polled. */
public sealed interface Readiness {

  boolean isReady();

  /** Something accepts connections on the port. */
  record PortOpen(int port) implements Readiness {
    @Override
    public boolean isReady() {
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", port), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }

  /**
   * The broker's port is open and an Admin client sees the cluster: the listener opens before the
   * broker has registered with its controller, and clients that connect in between stall.
   */
  record KafkaCluster(int port) implements Readiness {
    @Override
    public boolean isReady() {
      if (!new PortOpen(port).isReady()) {
        return false;
      }
      var config =
          Map.<String, Object>of(
              AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port,
              AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
              AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
      try (var admin = Admin.create(config)) {
        return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
      } catch (Exception e) {
        return false;
      }
    }
  }

  /** A Spring Boot actuator health endpoint answers {@code {"status":"UP",...}}. */
  record HealthUp(URI health) implements Readiness {

    private static final HttpClient HTTP =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean isReady() {
      var request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
      try {
        var response = HTTP.send(request, BodyHandlers.ofString());
        return response.statusCode() == 200
            && JSON.readTree(response.body()).path("status").asText().equals("UP");
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
