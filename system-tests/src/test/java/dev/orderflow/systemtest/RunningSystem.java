package dev.orderflow.systemtest;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.DevstackOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The whole system, started once for all system tests exactly as {@code ./devstack} runs it (every
 * part its own process, on free ports, data under {@code target/}) and stopped after the last test.
 * Test classes receive it as a {@link Devstack} or an {@link Orderflow} parameter.
 */
public final class RunningSystem implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    var type = parameter.getParameter().getType();
    return type == Devstack.class || type == Orderflow.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    var system =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(RunningSystem.class))
            .computeIfAbsent(Started.class, key -> Started.start(), Started.class);
    return parameter.getParameter().getType() == Devstack.class ? system.stack() : system.client();
  }

  /** Closed by JUnit once every test of the run has finished. */
  private record Started(Devstack stack, Orderflow client) implements AutoCloseable {

    static Started start() {
      var root = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
      var options =
          DevstackOptions.defaults(root)
              .dataDir(root.resolve("system-tests/target/devstack"))
              .fresh(true)
              .withFreePorts();
      var stack = Devstack.start(options);
      return new Started(stack, new Orderflow(stack));
    }

    @Override
    public void close() {
      stack.close();
    }
  }
}
