package dev.orderflow.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A subcommand's arguments: positionals, {@code --flag}s and {@code --name value} (or {@code
 * --name=value}) options. Each subcommand says which names it knows; anything else is an error.
 */
record Arguments(List<String> positionals, Set<String> flags, Map<String, String> values) {

  static Arguments parse(List<String> arguments, Set<String> flagNames, Set<String> valueNames) {
    var positionals = new ArrayList<String>();
    var flags = new HashSet<String>();
    var values = new HashMap<String, String>();
    for (int i = 0; i < arguments.size(); i++) {
      var argument = arguments.get(i);
      if (!argument.startsWith("--")) {
        positionals.add(argument);
        continue;
      }
      var name = argument.substring(2);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (flagNames.contains(name) && value == null) {
        flags.add(name);
      } else if (valueNames.contains(name)) {
        if (value == null) {
          if (i + 1 >= arguments.size()) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = arguments.get(++i);
        }
        values.put(name, value);
      } else {
        throw new IllegalArgumentException("Unknown option " + argument);
      }
    }
    return new Arguments(List.copyOf(positionals), Set.copyOf(flags), Map.copyOf(values));
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  int intValue(String name, int fallback) {
    var value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, was '" + value + "'", e);
    }
  }

  Duration durationValue(String name, Duration fallback) {
    var value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
    }
  }
}
