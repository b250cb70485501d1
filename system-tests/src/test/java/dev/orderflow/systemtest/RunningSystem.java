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
 * Its services export their traces to a {@link TraceCollector}. Test classes receive the system as
 * a {@link Devstack}, an {@link Orderflow} or a {@link TraceCollector} parameter.
 */
public final class RunningSystem implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    var type = parameter.getParameter().getType();
    return type == Devstack.class || type == Orderflow.class || type == TraceCollector.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    var system =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(RunningSystem.class))
            .computeIfAbsent(Started.class, key -> Started.start(), Started.class);
    var type = parameter.getParameter().getType();
    if (type == Devstack.class) {
      return system.stack();
    }
    return type == TraceCollector.class ? system.traces() : system.client();
  }

  /** Closed by JUnit once every test of the run has finished. */
  private record Started(Devstack stack, Orderflow client, TraceCollector traces)
      implements AutoCloseable {

    static Started start() {
      var root = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
      var traces = TraceCollector.start();
      var options =
          DevstackOptions.defaults(root)
              .dataDir(root.resolve("system-tests/target/devstack"))
              .fresh(true)
              .withFreePorts()
              // The suites share one address; the limits themselves are tested per service.
              .clientLimits(1_000_000)
              // The web console too, for ConsoleIT.
              .console(true)
              .serviceArguments(
                  "--management.opentelemetry.tracing.export.otlp.endpoint=" + traces.endpoint());
      var stack = Devstack.start(options);
      return new Started(stack, new Orderflow(stack), traces);
    }

    @Override
    public void close() {
      stack.close();
      traces.close();
    }
  }
}
