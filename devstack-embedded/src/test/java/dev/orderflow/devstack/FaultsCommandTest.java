package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsCommandTest {

  @TempDir Path repo;

  @Test
  void every_fault_of_every_service_in_one_table_and_a_silent_service_named_with_status_1()
      throws Exception {
    try (var notifications = new FakeService("notification-1:8083", "smtp-outage", "smtp-latency");
        var inventory = new FakeService("inventory-1:8082", "slow-consumer")) {
      notifications.withParameter("smtp-latency", "latencyMs", 2000, 0, 60000);
      int silentPort = FreePorts.find();
      var options =
          DevstackOptions.defaults(repo)
              .services("notification-service", "inventory-service", "projection-service")
              .port(Service.NOTIFICATION, notifications.port())
              .port(Service.INVENTORY, inventory.port())
              .port(Service.PROJECTION, silentPort);
      var credentials = new AdminCredentials("admin", "drill-test-password", false);
      // Switched on through the fake's API, as a drill does.
      assertThat(
              new AdminApi(options, credentials.basicAuthorization())
                  .call(Service.NOTIFICATION, "PUT", "/api/admin/faults/smtp-outage", "{}")
                  .statusCode())
          .isEqualTo(200);
      var out = new ByteArrayOutputStream();
      var err = new ByteArrayOutputStream();

      int status =
          FaultsCommand.run(
              options,
              credentials,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));

      assertThat(status).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              """
              SERVICE               FAULT          STATE  PARAMETERS      LIMITS
              notification-service  smtp-latency   off    latencyMs=2000  latencyMs 0..60000
              notification-service  smtp-outage    on     -               -
              inventory-service     slow-consumer  off    -               -
              3 faults, 1 on, in 2 services; not answering: projection-service
              """);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains(
              "projection-service does not answer: projection-service is not running on port "
                  + silentPort);
    }
  }
}
