package dev.orderflow.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * {@code ./devstack faults}: one table of every fault of every running service, as the service sees
 * it across all its instances ({@code GET /api/admin/faults}, with the admin's credentials): on or
 * off, its parameters (current, or the defaults while off), and their limits. Exit status 1, with a
 * line naming it, when a service does not answer; the others are printed all the same.
 */
final class FaultsCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FaultsCommand() {}

  static int run(DevstackOptions options, AdminCredentials admin, PrintStream out, PrintStream err)
      throws InterruptedException {
    var api = new AdminApi(options, admin.basicAuthorization());
    var rows = new ArrayList<List<String>>();
    rows.add(List.of("SERVICE", "FAULT", "STATE", "PARAMETERS", "LIMITS"));
    var silent = new ArrayList<String>();
    int on = 0;
    for (var service : options.services()) {
      JsonNode faults;
      try {
        var response = api.call(service, "GET", "/api/admin/faults", null);
        if (response.statusCode() != 200) {
          err.println(service.partName() + " answered " + AdminApi.describe(response));
          silent.add(service.partName());
          continue;
        }
        faults = JSON.readTree(response.body());
      } catch (DevstackException | IOException e) {
        err.println(service.partName() + " does not answer: " + e.getMessage());
        silent.add(service.partName());
        continue;
      }
      for (var fault : faults) {
        boolean enabled = fault.path("enabled").asBoolean();
        if (enabled) {
          on++;
        }
        rows.add(
            List.of(
                service.partName(),
                fault.path("name").asText(),
                state(fault),
                parameters(fault.path("parameters")),
                limits(fault.path("limits"))));
      }
    }
    DeadLetterCommand.print(rows, out);
    out.printf(
        "%d faults, %d on, in %d services%s%n",
        rows.size() - 1,
        on,
        options.services().size() - silent.size(),
        silent.isEmpty() ? "" : "; not answering: " + String.join(", ", silent));
    return silent.isEmpty() ? 0 : 1;
  }

  /** {@code on}, {@code off}, or {@code on (pending: inventory-2:8182)} while it spreads. */
  private static String state(JsonNode fault) {
    var state = fault.path("enabled").asBoolean() ? "on" : "off";
    var pending = fault.path("instances").path("pending");
    if (pending.isArray() && !pending.isEmpty()) {
      state +=
          " (pending: "
              + StreamSupport.stream(pending.spliterator(), false)
                  .map(JsonNode::asText)
                  .collect(Collectors.joining(", "))
              + ")";
    }
    return state;
  }

  /** {@code delayMs=500}, or {@code -} for a fault without parameters. */
  static String parameters(JsonNode parameters) {
    var text =
        parameters.properties().stream()
            .map(parameter -> parameter.getKey() + "=" + parameter.getValue().asText())
            .collect(Collectors.joining(" "));
    return text.isEmpty() ? "-" : text;
  }

  /** {@code delayMs 0..60000}, or {@code -}. */
  private static String limits(JsonNode limits) {
    var text =
        limits.properties().stream()
            .map(limit ->
                limit.getKey()
                    + " "
                    + limit.getValue().path("min").asText()
                    + ".."
                    + limit.getValue().path("max").asText())
            .collect(Collectors.joining(" "));
    return text.isEmpty() ? "-" : text;
  }
}
