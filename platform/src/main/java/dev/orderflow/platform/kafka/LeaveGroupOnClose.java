package dev.orderflow.platform.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ConsumerPostProcessor;

/**
 * Makes a static member leave its group when it is closed. A static member (one with a {@code
 * group.instance.id}) normally stays in the group when it closes, keeping its partitions until the
 * session timeout in the hope that it comes back; an instance that stops for good (a rollout, a
 * scale-down, Ctrl-C) would leave them unread that long. Closed through this wrapper, as Spring
 * Kafka's listener containers close their consumers when they stop, it leaves at once (KIP-1092)
 * and the group hands its partitions to the members that remain. A process killed outright cannot
 * leave, and its restart under the same name takes its partitions back without a rebalance.
 *
 * <p>A container unsubscribes just before it closes; for a static member that forgets the member id
 * without leaving, and the close after it could no longer leave. The wrapper holds the unsubscribe
 * back: a close after it drops it and leaves the group (the partitions are revoked all the same;
 * calls made through the wrapper while it closes, such as the rebalance listener's commits, do not
 * unsubscribe), {@code wakeup} (from any thread) passes straight through, and any other call first
 * unsubscribes for real.
 */
final class LeaveGroupOnClose<K, V> implements ConsumerPostProcessor<K, V> {

  @Override
  @SuppressWarnings("unchecked")
  public Consumer<K, V> apply(Consumer<K, V> consumer) {
    return (Consumer<K, V>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            new Leaving(consumer));
  }

  /** A new one each time: close options are mutable. */
  private static CloseOptions leave() {
    return CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP);
  }

  static final class Leaving implements InvocationHandler {

    private final Consumer<?, ?> consumer;

    /** An unsubscribe held back, run before the next call unless a close comes first. */
    private final AtomicBoolean unsubscribing = new AtomicBoolean();

    /** Set once a close began: calls the close makes through the wrapper never unsubscribe. */
    private volatile boolean closing;

    Leaving(Consumer<?, ?> consumer) {
      this.consumer = consumer;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments)
        throws Throwable {
      var name = method.getName();
      var count = arguments == null ? 0 : arguments.length;
      if (method.getDeclaringClass() == Object.class) {
        return switch (name) {
          case "equals" -> arguments != null && proxy == arguments[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "leaving " + consumer;
        };
      }
      if (name.equals("wakeup")) {
        // From any thread, at any time: it must not run a held unsubscribe on that thread.
        consumer.wakeup();
        return null;
      }
      if (name.equals("unsubscribe") && count == 0 && !closing) {
        unsubscribing.set(true);
        return null;
      }
      if (name.equals("close") && count == 0) {
        return close(leave());
      }
      if (name.equals("close") && arguments != null && arguments[0] instanceof Duration timeout) {
        return close(leave().withTimeout(timeout));
      }
      if (name.equals("close") && arguments != null && arguments[0] instanceof CloseOptions given) {
        return close(given);
      }
      if (!closing && unsubscribing.compareAndSet(true, false)) {
        consumer.unsubscribe();
      }
      try {
        return method.invoke(consumer, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private @Nullable Object close(CloseOptions options) {
      // The held unsubscribe is dropped: leaving the group revokes the partitions all the same, and
      // the rebalance listener's commits during the close must not unsubscribe first.
      closing = true;
      unsubscribing.set(false);
      consumer.close(options);
      return null;
    }
  }
}
