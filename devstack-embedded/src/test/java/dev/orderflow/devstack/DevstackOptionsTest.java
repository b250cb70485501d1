package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.orderflow.devstack.prometheus.LocalPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevstackOptionsTest {

  private final Path repo = Path.of("/repo");
  private final DevstackOptions defaults = DevstackOptions.defaults(repo);

  @Test
  void defaults_run_every_part_on_its_usual_port_with_everything_under_dot_devstack() {
    assertThat(defaults.services()).containsExactly(Service.values());
    assertThat(defaults.port(Infrastructure.KAFKA)).isEqualTo(9092);
    assertThat(defaults.port(Infrastructure.MONGO)).isEqualTo(27017);
    assertThat(defaults.port(Infrastructure.SMTP)).isEqualTo(3025);
    assertThat(defaults.port(Service.ORDER)).isEqualTo(8081);
    assertThat(defaults.port(Service.PROJECTION)).isEqualTo(8084);
    assertThat(defaults.partitions()).isEqualTo(3);
    assertThat(defaults.dataDir(Infrastructure.KAFKA))
        .isEqualTo(Path.of("/repo/.devstack/data/kafka"));
    assertThat(defaults.pidFile(Service.INVENTORY))
        .isEqualTo(Path.of("/repo/.devstack/run/inventory-service.pid"));
    assertThat(defaults.logFile(Infrastructure.MONGO))
        .isEqualTo(Path.of("/repo/.devstack/logs/mongo.log"));
  }

  @Test
  void a_service_runs_from_its_modules_exec_jar() {
    assertThat(defaults.serviceJar(Service.NOTIFICATION))
        .isEqualTo(
            Path.of(
                "/repo/notification-service/target/notification-service-"
                    + DevstackOptions.VERSION
                    + "-exec.jar"));
  }

  @Test
  void port_variables_override_the_ports_of_their_parts() {
    var options =
        defaults.withEnvironment(
            Map.of("DEVSTACK_KAFKA_PORT", "19092", "DEVSTACK_ORDER_PORT", " 18081 "));

    assertThat(options.port(Infrastructure.KAFKA)).isEqualTo(19092);
    assertThat(options.port(Service.ORDER)).isEqualTo(18081);
    assertThat(options.port(Infrastructure.MONGO)).isEqualTo(27017);
  }

  @Test
  void a_port_variable_that_is_not_a_port_is_rejected_with_its_name() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withEnvironment(Map.of("DEVSTACK_SMTP_PORT", "mail")))
        .withMessageContaining("DEVSTACK_SMTP_PORT")
        .withMessageContaining("mail");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withEnvironment(Map.of("DEVSTACK_SMTP_PORT", "70000")))
        .withMessageContaining("1-65535");
  }

  @Test
  void the_parts_listen_on_this_machine_only_unless_devstack_bind_opens_them_to_every_interface() {
    assertThat(defaults.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(defaults.withEnvironment(Map.of("DEVSTACK_BIND", "0.0.0.0")).bindAddress())
        .isEqualTo("0.0.0.0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withEnvironment(Map.of("DEVSTACK_BIND", "192.168.1.7")))
        .withMessageContaining("DEVSTACK_BIND");
  }

  @Test
  void devstack_services_chooses_the_services_and_none_means_infrastructure_only() {
    assertThat(
            defaults
                .withEnvironment(Map.of("DEVSTACK_SERVICES", "order-service, inventory-service"))
                .services())
        .containsExactly(Service.ORDER, Service.INVENTORY);
    assertThat(
            defaults.prometheus(false).withEnvironment(Map.of("DEVSTACK_SERVICES", "none")).parts())
        .containsExactlyElementsOf(Infrastructure.REQUIRED);
  }

  @Test
  void an_unknown_service_is_rejected_with_the_known_ones() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> defaults.withEnvironment(Map.of("DEVSTACK_SERVICES", "orders")))
        .withMessageContaining("DEVSTACK_SERVICES")
        .withMessageContaining("order-service");
  }

  @Test
  void partitions_come_from_their_variable() {
    assertThat(defaults.withEnvironment(Map.of("DEVSTACK_PARTITIONS", "6")).partitions())
        .isEqualTo(6);
  }

  @Test
  void free_ports_are_distinct_for_every_part() {
    var options = defaults.withFreePorts();

    assertThat(new HashSet<>(options.ports().values())).hasSize(Part.all().size());
  }

  @Test
  void the_parts_start_with_the_infrastructure_then_the_chosen_services() {
    assertThat(defaults.prometheus(false).services("projection-service").parts())
        .containsExactly(
            Infrastructure.KAFKA, Infrastructure.MONGO, Infrastructure.SMTP, Service.PROJECTION);
  }

  @Test
  void the_console_runs_with_the_services_where_asked_for_and_never_without_services() {
    assertThat(defaults.console()).as("tests and the benchmark run without it").isFalse();
    assertThat(defaults.parts()).doesNotContain(Console.CONSOLE);

    var withConsole = defaults.console(true).prometheus(true).instances(2);
    assertThat(withConsole.parts())
        .containsExactly(
            Infrastructure.KAFKA,
            Infrastructure.MONGO,
            Infrastructure.SMTP,
            Service.ORDER,
            Service.INVENTORY,
            Service.NOTIFICATION,
            Service.PROJECTION,
            Console.CONSOLE,
            Infrastructure.PROMETHEUS);
    assertThat(withConsole.applications()).endsWith(Console.CONSOLE);
    assertThat(withConsole.portPlan())
        .containsEntry(8080, new DevstackOptions.PortUse(Instance.first(Console.CONSOLE), false));
    assertThat(withConsole.processes())
        .filteredOn(instance -> instance.part() == Console.CONSOLE)
        .hasSize(1);
    assertThat(
            withConsole
                .withEnvironment(Map.of("DEVSTACK_CONSOLE_PORT", "18080"))
                .port(Console.CONSOLE))
        .isEqualTo(18080);
    assertThat(withConsole.withEnvironment(Map.of("DEVSTACK_CONSOLE", "off")).parts())
        .doesNotContain(Console.CONSOLE);
    assertThat(withConsole.infrastructureOnly().runsConsole()).isFalse();
  }

  @Test
  void prometheus_starts_last_when_it_runs_and_devstack_prometheus_off_leaves_it_out() {
    var withPrometheus = defaults.prometheus(true).services("order-service");

    assertThat(withPrometheus.parts()).last().isEqualTo(Infrastructure.PROMETHEUS);
    assertThat(withPrometheus.port(Infrastructure.PROMETHEUS)).isEqualTo(9090);
    assertThat(withPrometheus.prometheusConfig())
        .isEqualTo(Path.of("/repo/.devstack/run/prometheus.yml"));
    assertThat(withPrometheus.withEnvironment(Map.of("DEVSTACK_PROMETHEUS", "off")).parts())
        .doesNotContain(Infrastructure.PROMETHEUS);
  }

  @Test
  void the_topology_of_a_running_stack_says_its_services_and_its_prometheus(@TempDir Path repo)
      throws Exception {
    var running =
        DevstackOptions.defaults(repo)
            .services("order-service", "inventory-service")
            .prometheus(true)
            .rules(LocalPrometheus.Rules.TRAINING)
            .port(Service.ORDER, 18081);
    Files.createDirectories(running.topologyFile().getParent());
    Files.writeString(running.topologyFile(), running.topology());

    var found = DevstackOptions.defaults(repo).prometheus(false).withRunningTopology();

    assertThat(found.services()).containsExactly(Service.ORDER, Service.INVENTORY);
    assertThat(found.prometheus()).isTrue();
    assertThat(found.rules()).isEqualTo(LocalPrometheus.Rules.TRAINING);
    assertThat(found.port(Service.ORDER)).isEqualTo(18081);
    assertThat(found.runsConsole()).isFalse();
    Files.writeString(running.topologyFile(), running.console(true).topology());
    assertThat(DevstackOptions.defaults(repo).withRunningTopology().runsConsole()).isTrue();
  }
}
