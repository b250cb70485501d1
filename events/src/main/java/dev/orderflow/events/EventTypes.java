package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of concrete event types, read from the sealed hierarchy under {@link DomainEvent}:
 * adding a record to a sealed interface adds it here, and its {@link JsonTypeName} is its wire
 * name.
 */
public final class EventTypes {

  private static final List<Class<? extends DomainEvent>> ALL = leavesOf(DomainEvent.class);
  private static final Map<Class<?>, String> NAMES =
      ALL.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), EventTypes::readName));
  private static final Map<String, Class<? extends DomainEvent>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventTypes::readName, Function.identity()));

  private EventTypes() {}

  /** Every concrete event type, in declaration order. */
  public static List<Class<? extends DomainEvent>> all() {
    return ALL;
  }

  /** The wire name of an event type, e.g. {@code OrderPlaced}. */
  public static String nameOf(Class<?> type) {
    var name = NAMES.get(type);
    if (name == null) {
      throw new IllegalArgumentException(type + " is not an event type of the contract");
    }
    return name;
  }

  /** The event type with this wire name. */
  public static Class<? extends DomainEvent> byName(String name) {
    var type = BY_NAME.get(name);
    if (type == null) {
      throw new IllegalArgumentException("Unknown event type: " + name);
    }
    return type;
  }

  private static String readName(Class<?> type) {
    var annotation = type.getAnnotation(JsonTypeName.class);
    if (annotation == null || annotation.value().isBlank()) {
      throw new IllegalStateException(type + " needs a @JsonTypeName: its stable wire name");
    }
    return annotation.value();
  }

  @SuppressWarnings("unchecked")
  private static List<Class<? extends DomainEvent>> leavesOf(Class<?> type) {
    var leaves = new ArrayList<Class<? extends DomainEvent>>();
    if (!type.isSealed()) {
      leaves.add((Class<? extends DomainEvent>) type);
      return leaves;
    }
    for (var permitted : type.getPermittedSubclasses()) {
      leaves.addAll(leavesOf(permitted));
    }
    return List.copyOf(leaves);
  }
}
