package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Devstack#start} refuses before it starts any process. */
class DevstackTest {

  @TempDir Path repo;

  private DevstackOptions options() throws Exception {
    var jar = Files.createDirectories(repo.resolve("devstack/target")).resolve("devstack.jar");
    Files.writeString(jar, "");
    return DevstackOptions.defaults(repo).withFreePorts().devstackJar(jar);
  }

  @Test
  void a_missing_service_jar_is_named_with_the_command_that_builds_it() throws Exception {
    var options = options().services("inventory-service");

    assertThatThrownBy(() -> Devstack.start(options))
        .isInstanceOf(DevstackException.class)
        .hasMessageContaining("inventory-service is not built")
        .hasMessageContaining(options.serviceJar(Service.INVENTORY).toString())
        .hasMessageContaining("./mvnw -B -DskipTests package -pl inventory-service -am");
    assertThat(repo.resolve(".devstack/run")).doesNotExist();
  }

  @Test
  void a_missing_console_jar_is_named_too_where_the_console_runs() throws Exception {
    var options = options().services("inventory-service").console(true);

    assertThatThrownBy(() -> Devstack.start(options))
        .isInstanceOf(DevstackException.class)
        .hasMessageContaining("console is not built")
        .hasMessageContaining("./mvnw -B -DskipTests package -pl console -am");
  }

  @Test
  void a_port_in_use_is_named_with_the_variable_that_moves_it() throws Exception {
    var options = options().infrastructureOnly();
    try (var busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress(options.port(Infrastructure.MONGO)));

      assertThatThrownBy(() -> Devstack.start(options))
          .isInstanceOf(DevstackException.class)
          .hasMessageContaining("port " + options.port(Infrastructure.MONGO) + " for mongo")
          .hasMessageContaining("DEVSTACK_MONGO_PORT");
    }
    assertThat(repo.resolve(".devstack/run/devstack.pid")).doesNotExist();
  }

  @Test
  void a_second_devstack_on_the_same_data_is_refused() throws Exception {
    var options = options().infrastructureOnly();
    var run = Files.createDirectories(options.dataDir().resolve("run"));
    Files.writeString(run.resolve("devstack.pid"), "4242\n");
    try (var lockFile =
        FileChannel.open(
            run.resolve("devstack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      lockFile.lock(); // as a running devstack holds it; released with the channel

      assertThatThrownBy(() -> Devstack.start(options))
          .isInstanceOf(DevstackException.class)
          .hasMessageContaining("already runs")
          .hasMessageContaining("4242");
    }
  }
}
