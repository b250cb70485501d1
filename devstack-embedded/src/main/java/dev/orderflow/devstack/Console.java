package dev.orderflow.devstack;

import java.util.List;

/**
 * The web console (module {@code console}): the page and one origin for every service. One process
 * whatever {@code --instances} says, started with the services and given every instance of each (a
 * call goes to the first that takes the connection); the live stream and the admin API's fan-out
 * show the page every instance's changes and faults. {@code ./devstack} runs it; a stack started
 * from {@link DevstackOptions#defaults} (tests, the benchmark) does not, unless asked to.
 */
public enum Console implements Application {
  CONSOLE;

  @Override
  public String partName() {
    return "console";
  }

  @Override
  public int defaultPort() {
    return 8080;
  }

  @Override
  public String portVariable() {
    return "DEVSTACK_CONSOLE_PORT";
  }

  /**
   * Smaller than a service's: it keeps nothing but the streams it passes on. C1 only, as the
   * services ({@link Service#javaOptions}).
   */
  @Override
  public List<String> javaOptions() {
    return List.of("-Xms16m", "-Xmx128m", "-XX:TieredStopAtLevel=1");
  }
}
