package dev.orderflow.platform.mongo;

import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The database faults (docs/faults.md), wrapped around the service's {@link MongoClient}, so that
 * every store of the service (through {@code MongoTemplate} or a collection of its own) meets them
 * on its own thread, where a real slow or unreachable MongoDB would be met:
 *
 * <ul>
 *   <li>{@code db-latency}: every operation waits {@code delayMs} before it is sent.
 *   <li>{@code db-outage}: every operation fails at once with the {@link MongoTimeoutException} the
 *       driver throws when no server can be reached, which the HTTP edge and the consumers' retry
 *       policy treat as MongoDB being away ({@link MongoUnreachable}): a request answered {@code
 *       503 store-unavailable}, a record retried for as long as it lasts, never dead-lettered.
 * </ul>
 *
 * <p>An operation is any call of a client, database or collection that talks to the server (an
 * insert, a {@code find}, a {@code runCommand}, the health check's {@code ping}); reading settings
 * ({@code get…}, {@code with…}) does not. The collections the fault mechanism itself needs ({@code
 * spared}: the service-wide faults, the instance registry, the leases) are never struck, or a fault
 * could not be switched off. A driver {@code CommandListener} could delay a command but not fail
 * it: the driver logs and swallows what a listener throws.
 */
public final class DatabaseFaults {

  static final String LATENCY = "db-latency";
  static final String OUTAGE = "db-outage";
  static final String DELAY_MS = "delayMs";

  private final Fault latency;
  private final Fault outage;
  private final Set<String> spared;

  public DatabaseFaults(Faults faults, Set<String> spared) {
    this.spared = Set.copyOf(spared);
    this.latency =
        faults.register(
            LATENCY,
            "Every MongoDB operation of the service's stores waits delayMs before it is sent, as a"
                + " slow or overloaded database: requests, consumers and the relay slow down.",
            Fault.Parameter.milliseconds(DELAY_MS, 200));
    this.outage =
        faults.register(
            OUTAGE,
            "Every MongoDB operation of the service's stores fails as if MongoDB were unreachable:"
                + " requests that use them answer 503 store-unavailable, records are retried until"
                + " it ends, readiness is DOWN.");
  }

  /** {@code client} with the faults in front of every operation of its databases' collections. */
  public MongoClient around(MongoClient client) {
    return wrap(client, MongoClient.class);
  }

  /** The faults, in front of an operation: the delay first, then the outage. */
  void strike() {
    if (latency.active()) {
      try {
        Thread.sleep(Duration.ofMillis(latency.parameter(DELAY_MS)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MongoInterruptedException(
            "Interrupted while MongoDB was slow (fault db-latency)", e);
      }
    }
    if (outage.active()) {
      throw new MongoTimeoutException(
          "Timed out while waiting for a server: MongoDB is unreachable (fault " + OUTAGE + ")");
    }
  }

  private <T> T wrap(Object target, Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Striking(target)));
  }

  /**
   * Strikes before each operation, and wraps the databases and collections it hands out. {@code
   * MongoTemplate} asks for its database and collection on every operation: the wrapped database of
   * a name, and the wrapped collection of a name and document class, are made once and handed out
   * again (the driver's databases and collections are immutable and thread-safe). What a {@code
   * with…} call returns is wrapped each time, uncached.
   */
  private final class Striking implements InvocationHandler {

    private final Object target;
    private final Map<List<Object>, Object> handedOut = new ConcurrentHashMap<>();

    Striking(Object target) {
      this.target = target;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> args != null && proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "Faulty " + target;
        };
      }
      if (talksToServer(method)) {
        strike();
      }
      var name = method.getName();
      if ((name.equals("getDatabase") || name.equals("getCollection"))
          && args != null
          && args[0] instanceof String named
          && !(name.equals("getCollection") && spared.contains(named))) {
        // getCollection(name) is getCollection(name, Document.class).
        var key = List.<Object>of(name, named, args.length > 1 ? args[1] : Document.class);
        var cached = handedOut.get(key);
        if (cached != null) {
          return cached;
        }
        var made = handOut(method, args);
        if (made == null) {
          return null;
        }
        var raced = handedOut.putIfAbsent(key, made);
        return raced != null ? raced : made;
      }
      return handOut(method, args);
    }

    private @Nullable Object handOut(Method method, @Nullable Object[] args) throws Throwable {
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof MongoCollection<?> collection) {
        var spare =
            method.getName().equals("getCollection")
                && args != null
                && args[0] instanceof String name
                && spared.contains(name);
        return spare ? collection : wrap(collection, MongoCollection.class);
      }
      if (result instanceof MongoDatabase database) {
        return wrap(database, MongoDatabase.class);
      }
      return result;
    }

    /** Not reading a setting, not handing out a database or collection, not closing. */
    private static boolean talksToServer(Method method) {
      var name = method.getName();
      return !(name.startsWith("get")
          || name.startsWith("with")
          || name.equals("close")
          || name.equals("appendMetadata"));
    }
  }
}
