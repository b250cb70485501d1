package dev.orderflow.platform.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InstanceNameTest {

  @Test
  void a_configured_name_wins() {
    var name = InstanceName.of("inventory-1", "host-a", 8082);

    assertThat(name.resolved()).isTrue();
    assertThat(name.value()).isEqualTo("inventory-1");
  }

  @Test
  void otherwise_the_host_variable_and_the_port() {
    assertThat(InstanceName.of("", "host-a", 8082).value()).isEqualTo("host-a:8082");
  }

  @Test
  void without_a_host_variable_the_systems_host_name() throws Exception {
    var name = InstanceName.of(" ", null, 8082);

    assertThat(name.value()).isEqualTo(InetAddress.getLocalHost().getHostName() + ":8082");
  }

  @Test
  void with_port_zero_the_name_waits_for_the_port_the_web_server_bound() {
    var name = InstanceName.of("", "host-a", 0);

    assertThat(name.resolved()).isFalse();
    name.portBound(41234);
    name.portBound(8080);

    assertThat(name.resolved()).isTrue();
    assertThat(name.value()).isEqualTo("host-a:41234");
  }
}
