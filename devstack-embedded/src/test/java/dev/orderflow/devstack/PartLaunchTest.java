package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.supervisor.Readiness;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartLaunchTest {

  private static final AdminCredentials ADMIN =
      new AdminCredentials("admin", "generated-password", false);

  private final DevstackOptions options =
      DevstackOptions.defaults(Path.of("/repo")).devstackJar(Path.of("/repo/devstack.jar"));

  @Test
  void notification_service_keeps_a_listener_thread_per_partition_since_its_records_wait_on_smtp() {
    assertThat(PartLaunch.spec(Service.NOTIFICATION, options, ADMIN).command())
        .contains("--spring.kafka.listener.concurrency=3");
    assertThat(PartLaunch.spec(Service.ORDER, options, ADMIN).command())
        .contains("--spring.kafka.listener.concurrency=1");
  }

  @Test
  void
      the_services_on_the_way_to_a_decision_fetch_every_10_ms_and_notification_service_waits_longer() {
    for (var service : Service.values()) {
      var command = PartLaunch.spec(service, options, ADMIN).command();
      if (service == Service.NOTIFICATION) {
        assertThat(command)
            .contains(
                "--spring.kafka.consumer.fetch-min-size=64KB",
                "--spring.kafka.consumer.fetch-max-wait=250ms")
            .doesNotContain("--spring.kafka.consumer.fetch-max-wait=10ms");
      } else {
        assertThat(command)
            .contains(
                "--spring.kafka.consumer.fetch-min-size=8KB",
                "--spring.kafka.consumer.fetch-max-wait=10ms")
            .doesNotContain("--spring.kafka.consumer.fetch-max-wait=250ms");
      }
    }
  }

  @Test
  void a_service_runs_its_extracted_jar_with_its_own_heap_against_the_stack() {
    var spec = PartLaunch.spec(Service.INVENTORY, options, ADMIN);

    assertThat(spec.command())
        .contains("-Xmx256m", "-XX:+UseSerialGC", "-Ddevstack.part=inventory-service")
        .containsSubsequence(
            "-jar",
            "/repo/.devstack/cache/jars/inventory-service/inventory-service-"
                + DevstackOptions.VERSION
                + "-exec.jar")
        .endsWith(
            "--server.port=8082",
            "--server.address=127.0.0.1",
            "--spring.kafka.bootstrap-servers=localhost:9092",
            "--spring.mongodb.uri=mongodb://localhost:27017/inventory",
            "--spring.mail.host=localhost",
            "--spring.mail.port=3025",
            "--orderflow.kafka.partitions=3",
            "--orderflow.kafka.instance-id=devstack-1",
            "--orderflow.outbox.sweep-interval=30s",
            "--spring.kafka.consumer.fetch-min-size=8KB",
            "--spring.kafka.consumer.fetch-max-wait=10ms",
            "--logging.structured.format.console=dev.orderflow.platform.logging.EcsFormat",
            "--spring.kafka.listener.concurrency=1");

    assertThat(spec.logFile()).isEqualTo(Path.of("/repo/.devstack/logs/inventory-service.log"));
    assertThat(spec.pidFile()).isEqualTo(Path.of("/repo/.devstack/run/inventory-service.pid"));
  }

  @Test
  void the_c_heap_is_trimmed_where_the_jdk_has_the_product_option_and_left_alone_before() {
    assertThat(PartLaunch.trimsNativeHeap(Runtime.Version.parse("25.0.3+9-LTS"))).isTrue();
    assertThat(PartLaunch.trimsNativeHeap(Runtime.Version.parse("21.0.3"))).isTrue();
    assertThat(PartLaunch.trimsNativeHeap(Runtime.Version.parse("21.0.2+13"))).isFalse();
    assertThat(PartLaunch.trimsNativeHeap(Runtime.Version.parse("21"))).isFalse();
    // This build's own JDK decides for the parts it starts.
    assertThat(
            PartLaunch.spec(Service.ORDER, options, ADMIN)
                .command()
                .contains(PartLaunch.TRIM_NATIVE_HEAP))
        .isEqualTo(PartLaunch.trimsNativeHeap(Runtime.version()));
  }

  @Test
  void services_compile_with_c1_only_and_kafka_and_mongodb_with_c2_too() {
    var c1Only = "-XX:TieredStopAtLevel=1";

    for (var service : Service.values()) {
      assertThat(PartLaunch.spec(service, options, ADMIN).command()).contains(c1Only);
    }
    assertThat(PartLaunch.spec(Infrastructure.KAFKA, options, ADMIN).command())
        .doesNotContain(c1Only);
    assertThat(PartLaunch.spec(Infrastructure.MONGO, options, ADMIN).command())
        .doesNotContain(c1Only);
  }

  @Test
  void services_get_the_stacks_admin_credentials() {
    var admin = new AdminCredentials("ops", "a-long-enough-secret", false);

    assertThat(PartLaunch.spec(Service.ORDER, options, admin).environment())
        .containsEntry("ADMIN_USER", "ops")
        .containsEntry("ADMIN_PASSWORD", "a-long-enough-secret");
    assertThat(PartLaunch.spec(Infrastructure.KAFKA, options, admin).environment())
        .doesNotContainKeys("ADMIN_USER", "ADMIN_PASSWORD");
  }

  @Test
  void every_infrastructure_part_is_launched_with_options_the_part_command_takes() {
    for (var part : Infrastructure.values()) {
      var command = PartLaunch.spec(part, options, ADMIN).command();
      var rest = command.subList(command.indexOf("part") + 2, command.size());

      assertThat(Arguments.parse(rest, Set.of(), PartCommand.OPTIONS).positionals())
          .as(part.partName())
          .isEmpty();
    }
  }

  @Test
  void services_and_prometheus_listen_on_this_machine_only_unless_told_otherwise() {
    assertThat(PartLaunch.spec(Service.ORDER, options, ADMIN).command())
        .contains("--server.address=127.0.0.1");
    assertThat(PartLaunch.spec(Infrastructure.PROMETHEUS, options, ADMIN).command())
        .containsSubsequence("--bind", "127.0.0.1");

    var everywhere = options.withEnvironment(Map.of("DEVSTACK_BIND", "0.0.0.0"));
    assertThat(PartLaunch.spec(Service.ORDER, everywhere, ADMIN).command())
        .contains("--server.address=0.0.0.0");
  }

  @Test
  void kafka_runs_as_a_part_of_the_devstack_jar_with_its_heap_data_and_partitions() {
    var spec = PartLaunch.spec(Infrastructure.KAFKA, options.partitions(6), ADMIN);

    assertThat(spec.command())
        .contains("-Xms64m", "-Xmx512m", "-Ddevstack.part=kafka")
        .endsWith(
            "-jar",
            "/repo/devstack.jar",
            "part",
            "kafka",
            "--port",
            "9092",
            "--data",
            "/repo/.devstack/data/kafka",
            "--partitions",
            "6");
    assertThat(spec.environment())
        .containsEntry(
            PartLaunch.SUPERVISOR_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  void every_part_has_its_own_class_data_archive_which_a_fresh_start_keeps() {
    for (var part : Part.all()) {
      assertThat(PartLaunch.spec(part, options, ADMIN).command())
          .contains(
              "-XX:SharedArchiveFile=/repo/.devstack/cache/cds/" + part.partName() + ".jsa",
              "-XX:+AutoCreateSharedArchive");
    }
  }

  @Test
  void the_console_runs_once_pointed_at_every_instance_of_every_service_without_the_admin() {
    var stack = options.console(true).instances(2).port(Service.INVENTORY, 18082);

    var spec = PartLaunch.spec(Console.CONSOLE, stack, ADMIN);

    assertThat(spec.command())
        .contains("-Xmx128m", "-XX:TieredStopAtLevel=1", "-Ddevstack.part=console")
        .containsSubsequence(
            "-jar",
            "/repo/.devstack/cache/jars/console/console-" + DevstackOptions.VERSION + "-exec.jar")
        .endsWith(
            "--server.port=8080",
            "--server.address=127.0.0.1",
            "--orderflow.console.services.order=http://localhost:8081,http://localhost:8181",
            "--orderflow.console.services.inventory=http://localhost:18082,http://localhost:18182",
            "--orderflow.console.services.notification=http://localhost:8083,http://localhost:8183",
            "--orderflow.console.services.projection=http://localhost:8084,http://localhost:8184",
            "--logging.structured.format.console=ecs");
    assertThat(spec.environment())
        .doesNotContainKeys(AdminCredentials.USER_VARIABLE, AdminCredentials.PASSWORD_VARIABLE);
    assertThat(spec.pidFile()).isEqualTo(Path.of("/repo/.devstack/run/console.pid"));
    assertThat(stack.instancesOf(Console.CONSOLE)).containsExactly(Instance.first(Console.CONSOLE));
    assertThat(PartLaunch.readiness(Console.CONSOLE, stack))
        .isEqualTo(
            new Readiness.HealthUp(java.net.URI.create("http://localhost:8080/actuator/health")));
  }

  @Test
  void smtp_is_small_and_keeps_no_data() {

    assertThat(PartLaunch.spec(Infrastructure.SMTP, options, ADMIN).command())
        .contains("-Xmx64m")
        .endsWith("part", "smtp", "--port", "3025");
  }

  @Test
  void kafka_is_ready_when_it_describes_its_cluster_a_service_when_its_health_is_up() {
    assertThat(PartLaunch.readiness(Infrastructure.KAFKA, options))
        .isEqualTo(new Readiness.KafkaCluster(9092));
    assertThat(PartLaunch.readiness(Infrastructure.MONGO, options))
        .isEqualTo(new Readiness.PortOpen(27017));
    assertThat(PartLaunch.readiness(Service.PROJECTION, options))
        .isEqualTo(
            new Readiness.HealthUp(java.net.URI.create("http://localhost:8084/actuator/health")));
  }

  @Test
  void every_part_is_tagged_with_its_name_and_the_data_directory() {
    var tag = PartLaunch.tag(Service.ORDER, options);

    assertThat(tag.isOn(String.join(" ", PartLaunch.spec(Service.ORDER, options, ADMIN).command())))
        .isTrue();
    assertThat(
            tag.isOn(
                String.join(" ", PartLaunch.spec(Service.INVENTORY, options, ADMIN).command())))
        .isFalse();
  }
}
