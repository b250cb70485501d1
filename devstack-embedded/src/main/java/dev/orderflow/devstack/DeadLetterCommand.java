package dev.orderflow.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./devstack dlt}: the dead letters of the running services, through each service's admin
 * API.
 *
 * <pre>
 * ./devstack dlt [list]                       every service's dead letters, with their cause
 *                                             (a service that does not answer is named, skipped)
 * ./devstack dlt redrive SERVICE ID           sends one back to its topic (ID as listed)
 * ./devstack dlt redrive SERVICE --all        sends back all of that service's dead letters
 * </pre>
 */
final class DeadLetterCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterCommand() {}

  static int run(Arguments arguments, Path repoRoot, Map<String, String> environment)
      throws IOException, InterruptedException {
    var options =
        DevstackOptions.defaults(repoRoot).withEnvironment(environment).withRunningTopology();
    var credentials = AdminCredentials.of(options, environment).basicAuthorization();
    var positionals = arguments.positionals();
    var action = positionals.isEmpty() ? "list" : positionals.getFirst();
    return switch (action) {
      case "list" -> list(options, credentials, System.out, System.err);
      case "redrive" -> {
        if (positionals.size() < 2) {
          throw new IllegalArgumentException("dlt redrive needs a service, then an id or --all");
        }
        var service = Service.named(positionals.get(1));
        if (arguments.flag("all")) {
          yield redrive(options, credentials, service, "/api/admin/dead-letters/redrive");
        }
        if (positionals.size() < 3) {
          throw new IllegalArgumentException(
              "dlt redrive " + service.partName() + " needs an id or --all");
        }
        yield redrive(options, credentials, service, redrivePath(positionals.get(2)));
      }
      default -> throw new IllegalArgumentException("Unknown dlt action '" + action + "'");
    };
  }

  /**
   * {@code orders.events.DLT:1:42} → {@code
   * /api/admin/dead-letters/orders.events.DLT/1/42/redrive}.
   */
  static String redrivePath(String id) {
    var parts = id.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "A dead letter id looks like orders.events.DLT:1:42, not " + id);
    }
    return "/api/admin/dead-letters/" + parts[0] + "/" + parts[1] + "/" + parts[2] + "/redrive";
  }

  /**
   * Every dead letter of every service that answers; a service that does not (not running, or no
   * fixed port known, as inventory-service under compose) is named and skipped, and makes the exit
   * status 1.
   */
  static int list(DevstackOptions options, String credentials, PrintStream out, PrintStream err)
      throws InterruptedException {
    var rows = new ArrayList<List<String>>();
    rows.add(List.of("SERVICE", "ID", "STATUS", "KEY", "CAUSE"));
    var silent = new ArrayList<String>();
    for (var service : options.services()) {
      JsonNode letters;
      try {
        var response = call(options, credentials, service, "GET", "/api/admin/dead-letters");
        if (response.statusCode() != 200) {
          err.println(service.partName() + " answered " + describe(response));
          silent.add(service.partName());
          continue;
        }
        letters = JSON.readTree(response.body());
      } catch (DevstackException | IOException e) {
        err.println(service.partName() + " does not answer: " + e.getMessage());
        silent.add(service.partName());
        continue;
      }
      for (var letter : letters) {
        rows.add(
            List.of(
                service.partName(),
                letter.path("id").asText(),
                letter.path("status").asText(),
                letter.path("key").asText(),
                cause(letter)));
      }
    }
    print(rows, out);
    out.println(
        (rows.size() - 1)
            + " dead letters"
            + (silent.isEmpty() ? "" : "; not answering: " + String.join(", ", silent)));
    return silent.isEmpty() ? 0 : 1;
  }

  private static int redrive(
      DevstackOptions options, String credentials, Service service, String path)
      throws IOException, InterruptedException {
    var response = call(options, credentials, service, "POST", path);
    if (response.statusCode() != 200) {
      System.err.println(service.partName() + ": " + describe(response));
      return 1;
    }
    var body = JSON.readTree(response.body());
    var sent = body.isArray() ? body : JSON.createArrayNode().add(body);
    sent.forEach(letter ->
        System.out.println(
            "sent back " + letter.path("id").asText() + " to " + letter.path("topic").asText()));
    return 0;
  }

  private static String cause(JsonNode letter) {
    var exception = letter.path("exception").asText("");
    var simple = exception.substring(exception.lastIndexOf('.') + 1);
    var message = letter.path("message").asText("");
    var text = simple + (message.isEmpty() ? "" : ": " + message);
    return text.length() > 100 ? text.substring(0, 97) + "..." : text;
  }

  private static HttpResponse<String> call(
      DevstackOptions options, String credentials, Service service, String method, String path)
      throws IOException, InterruptedException {
    return new AdminApi(options, credentials).call(service, method, path, null);
  }

  private static String describe(HttpResponse<String> response) {
    return AdminApi.describe(response);
  }

  /** Rows as aligned columns, the first row the header; the last column is not padded. */
  static void print(List<List<String>> rows, PrintStream out) {
    var widths = new int[rows.getFirst().size()];
    for (var row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (var row : rows) {
      var line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(
            i == row.size() - 1
                ? row.get(i)
                : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
