package dev.orderflow.platform.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
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
 * back: a close right after it leaves the group (the partitions are revoked all the same), and any
 * other call first unsubscribes for real.
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

  private static final class Leaving implements InvocationHandler {

    private final Consumer<?, ?> consumer;
    private boolean unsubscribing;

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
      if (name.equals("unsubscribe") && count == 0) {
        unsubscribing = true;
        return null;
      }
      if (name.equals("close") && count == 0) {
        consumer.close(leave());
        return null;
      }
      if (name.equals("close") && arguments != null && arguments[0] instanceof Duration timeout) {
        consumer.close(leave().withTimeout(timeout));
        return null;
      }
      if (unsubscribing) {
        unsubscribing = false;
        consumer.unsubscribe();
      }
      try {
        return method.invoke(consumer, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
