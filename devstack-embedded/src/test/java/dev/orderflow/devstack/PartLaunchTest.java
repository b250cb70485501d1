package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.devstack.supervisor.Readiness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartLaunchTest {

  private final DevstackOptions options =
      DevstackOptions.defaults(Path.of("/repo")).devstackJar(Path.of("/repo/devstack.jar"));

  @Test
  void a_service_runs_its_extracted_jar_with_its_own_heap_against_the_stack() {
    var spec = PartLaunch.spec(Service.INVENTORY, options, Map.of());

    assertThat(spec.command())
        .contains("-Xmx256m", "-XX:+UseSerialGC", "-Ddevstack.part=inventory-service")
        .containsSubsequence(
            "-jar",
            "/repo/.devstack/cache/jars/inventory-service/inventory-service-"
                + DevstackOptions.VERSION
                + "-exec.jar")
        .endsWith(
            "--server.port=8082",
            "--spring.kafka.bootstrap-servers=localhost:9092",
            "--spring.mongodb.uri=mongodb://localhost:27017/inventory",
            "--spring.mail.host=localhost",
            "--spring.mail.port=3025",
            "--orderflow.kafka.partitions=3",
            "--orderflow.kafka.instance-id=devstack",
            "--orderflow.outbox.sweep-interval=30s",
            "--logging.structured.format.console=ecs");

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
            PartLaunch.spec(Service.ORDER, options, Map.of())
                .command()
                .contains(PartLaunch.TRIM_NATIVE_HEAP))
        .isEqualTo(PartLaunch.trimsNativeHeap(Runtime.version()));
  }

  @Test
  void services_compile_with_c1_only_and_kafka_and_mongodb_with_c2_too() {
    var c1Only = "-XX:TieredStopAtLevel=1";

    for (var service : Service.values()) {
      assertThat(PartLaunch.spec(service, options, Map.of()).command()).contains(c1Only);
    }
    assertThat(PartLaunch.spec(Infrastructure.KAFKA, options, Map.of()).command())
        .doesNotContain(c1Only);
    assertThat(PartLaunch.spec(Infrastructure.MONGO, options, Map.of()).command())
        .doesNotContain(c1Only);
  }

  @Test
  void services_get_the_default_admin_credentials_unless_the_environment_has_its_own() {

    assertThat(PartLaunch.spec(Service.ORDER, options, Map.of()).environment())
        .containsEntry("ADMIN_USER", "admin")
        .containsEntry("ADMIN_PASSWORD", "admin");
    assertThat(
            PartLaunch.spec(
                    Service.ORDER, options, Map.of("ADMIN_USER", "ops", "ADMIN_PASSWORD", "s3cret"))
                .environment())
        .containsEntry("ADMIN_USER", "ops")
        .containsEntry("ADMIN_PASSWORD", "s3cret");
  }

  @Test
  void kafka_runs_as_a_part_of_the_devstack_jar_with_its_heap_data_and_partitions() {
    var spec = PartLaunch.spec(Infrastructure.KAFKA, options.partitions(6), Map.of());

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
      assertThat(PartLaunch.spec(part, options, Map.of()).command())
          .contains(
              "-XX:SharedArchiveFile=/repo/.devstack/cache/cds/" + part.partName() + ".jsa",
              "-XX:+AutoCreateSharedArchive");
    }
  }

  @Test
  void smtp_is_small_and_keeps_no_data() {

    assertThat(PartLaunch.spec(Infrastructure.SMTP, options, Map.of()).command())
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

    assertThat(
            tag.isOn(String.join(" ", PartLaunch.spec(Service.ORDER, options, Map.of()).command())))
        .isTrue();
    assertThat(
            tag.isOn(
                String.join(" ", PartLaunch.spec(Service.INVENTORY, options, Map.of()).command())))
        .isFalse();
  }
}
