package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterCommandTest {

  @TempDir Path repo;

  @Test
  void a_listed_id_names_the_redrive_endpoint_of_that_dead_letter() {
    assertThat(DeadLetterCommand.redrivePath("orders.events.DLT:1:42"))
        .isEqualTo("/api/admin/dead-letters/orders.events.DLT/1/42/redrive");
  }

  @Test
  void an_id_that_is_not_topic_partition_offset_is_refused() {
    assertThatThrownBy(() -> DeadLetterCommand.redrivePath("orders.events.DLT/1/42"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders.events.DLT:1:42");
  }

  @Test
  void a_service_that_does_not_answer_is_named_and_the_others_are_listed_all_the_same()
      throws Exception {
    var notifications = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    notifications.createContext(
        "/api/admin/dead-letters",
        exchange -> {
          var body =
              """
              [{"id":"orders.events.DLT:1:42","status":"DEAD","key":"o-1",
                "exception":"dev.orderflow.SomethingMissing","message":"no order o-1"}]
              """
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    notifications.start();
    try {
      // Listed first, and not running: as inventory-service under compose, which has no fixed port.
      int silentPort = FreePorts.find();
      var options =
          DevstackOptions.defaults(repo)
              .services("inventory-service", "notification-service")
              .port(Service.INVENTORY, silentPort)
              .port(Service.NOTIFICATION, notifications.getAddress().getPort());
      var out = new ByteArrayOutputStream();
      var err = new ByteArrayOutputStream();

      int status =
          DeadLetterCommand.list(
              options,
              FakeService.AUTHORIZATION,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));

      assertThat(status).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              """
              SERVICE               ID                      STATUS  KEY  CAUSE
              notification-service  orders.events.DLT:1:42  DEAD    o-1  SomethingMissing: no order o-1
              1 dead letters; not answering: inventory-service
              """);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains(
              "inventory-service does not answer: inventory-service is not running on port "
                  + silentPort);
    } finally {
      notifications.stop(0);
    }
  }
}
