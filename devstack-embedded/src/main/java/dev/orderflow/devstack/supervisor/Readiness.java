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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

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
   * broker has registered with its controller, and clients that connect in between stall. With
   * {@code nodes}, every one of them is in the cluster's answer: a node of a cluster counts once it
   * is registered and unfenced itself (a fenced broker is left out of the answer, which another
   * node may give), and the cluster as a whole once all of its nodes are.
   *
   * @param nodes the node ids that must be in the answer; none for any answer with a node
   */
  record KafkaCluster(int port, Set<Integer> nodes) implements Readiness {

    public KafkaCluster {
      nodes = Set.copyOf(nodes);
    }

    /** A single broker: any node in the answer. */
    public KafkaCluster(int port) {
      this(port, Set.of());
    }

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
        var answer =
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream()
                .map(Node::id)
                .collect(Collectors.toSet());
        return !answer.isEmpty() && answer.containsAll(nodes);
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
