package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Dockerfile builds what compose asks of it: every service compose builds is one the Dockerfile
 * builds and lays out, on the port the service really listens on; the image runs as a non-root user
 * with a heap sized from the container's memory limit; and its health probe tells UP from DOWN.
 */
class DockerfileTest {

  private final String dockerfile = Repository.read("Dockerfile");
  private final ComposeFile compose = ComposeFile.load();

  @Test
  void every_service_compose_builds_is_built_and_extracted_by_the_dockerfile() {
    var built = listAfter("-pl ");
    var extracted = listAfter("for service in ");

    compose.services().values().stream()
        .filter(ComposeService::isOrderflowService)
        .forEach(service -> {
          assertThat(built).as("modules the Maven build builds").contains(service.module());
          assertThat(extracted).as("modules whose layers are extracted").contains(service.module());
        });
  }

  @Test
  void each_image_listens_where_its_service_listens() {
    compose.services().values().stream()
        .filter(ComposeService::isOrderflowService)
        .forEach(service -> {
          Map<String, Object> application =
              ComposeFile.asMap(
                  new Yaml(new SafeConstructor(new LoaderOptions()))
                      .load(
                          Repository.read(
                              service.module() + "/src/main/resources/application.yml")));
          var port = ComposeFile.asMap(application.get("server")).get("port");
          assertThat(service.buildArgs().get("SERVICE_PORT"))
              .as(service.name())
              .isEqualTo(String.valueOf(port));
        });
  }

  @Test
  void builds_with_the_wrapper_and_runs_on_a_jre_as_a_non_root_user() {
    assertThat(stages()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(dockerfile).contains("./mvnw ").contains("ARG JRE_IMAGE=eclipse-temurin:25-jre");
    assertThat(dockerfile).contains("extract --layers --launcher");
    var user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile).results().toList();
    assertThat(user).isNotEmpty();
    assertThat(user.getLast().group(1)).doesNotStartWith("root").doesNotStartWith("0");
  }

  @Test
  void sizes_the_heap_from_the_container_memory_limit() {
    var entrypoint =
        Pattern.compile("(?ms)^ENTRYPOINT\\s+\\[(.*?)]").matcher(dockerfile).results().toList();
    assertThat(entrypoint).hasSize(1);
    assertThat(entrypoint.getFirst().group(1))
        .contains("-XX:MaxRAMPercentage=")
        .contains("-XX:+ExitOnOutOfMemoryError")
        .doesNotContain("-Xmx");
  }

  @Test
  void the_health_probe_is_healthy_only_while_the_service_answers_200() throws Exception {
    assumeThat(Path.of("/bin/bash")).as("bash runs the probe").exists();
    var probe = Repository.file("infra/docker/service-healthcheck.sh");
    assertThat(dockerfile).contains("infra/docker/service-healthcheck.sh");

    try (var up = HealthEndpoint.answering(200);
        var down = HealthEndpoint.answering(503)) {
      assertThat(probe(probe, up.port())).as("UP").isZero();
      assertThat(probe(probe, down.port())).as("DOWN").isNotZero();
    }
    assertThat(probe(probe, closedPort())).as("not listening").isNotZero();
  }

  private List<String> stages() {
    return Pattern.compile("(?m)^FROM\\s+(\\S+)")
        .matcher(dockerfile)
        .results()
        .map(m -> m.group(1))
        .toList();
  }

  /** The words after {@code marker} up to the next blank, comma-separated or space-separated. */
  private List<String> listAfter(String marker) {
    int start = dockerfile.indexOf(marker);
    assertThat(start).as(marker).isNotNegative();
    var rest = dockerfile.substring(start + marker.length());
    var words = rest.substring(0, rest.indexOf(marker.startsWith("for") ? ";" : " ")).trim();
    return Arrays.stream(words.split("[,\\s]+")).toList();
  }

  /** A stand-in for a service's /actuator/health that answers with a fixed status. */
  private record HealthEndpoint(HttpServer server) implements AutoCloseable {

    static HealthEndpoint answering(int status) throws IOException {
      var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/actuator/health",
          exchange -> {
            var body = (status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return new HealthEndpoint(server);
    }

    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static int closedPort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int probe(Path script, int port) throws Exception {
    var process =
        new ProcessBuilder("bash", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    process.environment().put("SERVER_PORT", Integer.toString(port));
    var running = process.start();
    assertThat(running.waitFor(20, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return running.exitValue();
  }
}
