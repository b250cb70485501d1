package dev.orderflow.systemtest.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects of one rendered overlay, each read strictly into its API model ({@link
 * StrictModels}): reading fails on the first object that is not valid for its API.
 */
final class Rendered {

  private final List<Object> objects;

  private Rendered(List<Object> objects) {
    this.objects = List.copyOf(objects);
  }

  /** Reads every document of a rendered overlay; a duplicated key fails as well. */
  static Rendered read(String yaml) {
    var options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    var objects = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
      if (document == null) {
        continue;
      }
      @SuppressWarnings("unchecked")
      var object = (Map<String, Object>) document;
      try {
        objects.add(StrictModels.read(object));
      } catch (IllegalArgumentException e) {
        throw new InvalidObjectException(describe(object), e);
      }
    }
    return new Rendered(objects);
  }

  static Rendered overlay(String overlay) {
    return read(Kustomize.render(overlay));
  }

  List<Object> all() {
    return objects;
  }

  <T> List<T> all(Class<T> model) {
    return objects.stream().filter(model::isInstance).map(model::cast).toList();
  }

  <T> Optional<T> find(Class<T> model, String name) {
    return all(model).stream().filter(object -> name.equals(nameOf(object))).findFirst();
  }

  private static String nameOf(Object object) {
    return switch (object) {
      case HasMetadata resource -> resource.getMetadata().getName();
      case ScaledObject scaled -> scaled.metadata().getName();
      case MongoDBCommunity mongo -> mongo.metadata().getName();
      default -> throw new IllegalArgumentException("no name: " + object);
    };
  }

  private static String describe(Map<String, Object> object) {
    var metadata = object.get("metadata") instanceof Map<?, ?> map ? map : Map.of();
    return object.get("apiVersion") + " " + object.get("kind") + " " + metadata.get("name");
  }

  /** An object that is not valid for its API, named with the field that makes it so. */
  static final class InvalidObjectException extends RuntimeException {
    InvalidObjectException(String object, IllegalArgumentException cause) {
      super(object + ": " + cause.getMessage(), cause);
    }
  }
}
