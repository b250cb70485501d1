package dev.orderflow.systemtest.compose;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** .env.example: the knobs a user sets in .env, with their defaults, and the commented HA block. */
record EnvExample(
    Map<String, String> values, Map<String, String> highAvailability, Set<String> mentioned) {

  private static final Pattern ASSIGNMENT = Pattern.compile("^(#?)\\s*([A-Z_][A-Z0-9_]*)=(.*)$");

  static EnvExample load() {
    return parse(Repository.read(".env.example"));
  }

  /**
   * Assignments are the defaults; commented ones are documented alternatives. The HA block is the
   * run of commented assignments that starts with {@code #COMPOSE_PROFILES=ha}.
   */
  static EnvExample parse(String text) {
    var values = new LinkedHashMap<String, String>();
    var highAvailability = new LinkedHashMap<String, String>();
    var mentioned = new LinkedHashSet<String>();
    boolean inHighAvailability = false;
    for (String line : text.lines().toList()) {
      var assignment = ASSIGNMENT.matcher(line.trim());
      if (!assignment.matches()) {
        inHighAvailability = false;
        continue;
      }
      boolean commented = !assignment.group(1).isEmpty();
      String name = assignment.group(2);
      String value = assignment.group(3).trim();
      mentioned.add(name);
      if (!commented) {
        values.put(name, value);
        inHighAvailability = false;
      } else {
        if (name.equals("COMPOSE_PROFILES") && value.equals("ha")) {
          inHighAvailability = true;
        }
        if (inHighAvailability) {
          highAvailability.putIfAbsent(name, value);
        }
      }
    }
    return new EnvExample(values, highAvailability, mentioned);
  }
}
