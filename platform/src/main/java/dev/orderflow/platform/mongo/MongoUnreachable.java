package dev.orderflow.platform.mongo;

import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The failures that say MongoDB cannot be reached now, not that it refused the operation: no server
 * to select ({@link MongoTimeoutException}, what the fault {@code db-outage} throws), a socket that
 * failed, a replica set between primaries, and Spring's {@link DataAccessResourceFailureException},
 * as which {@code MongoTemplate} passes them on. One list for every reader: the consumers' retry
 * policy retries them for as long as they last (kind {@code unavailable}), and the HTTP edge
 * answers {@code 503 store-unavailable}.
 */
public final class MongoUnreachable {

  /** The types, each also recognised wrapped in another exception. */
  public static final List<Class<? extends Throwable>> FAILURES =
      List.of(
          DataAccessResourceFailureException.class,
          MongoSocketException.class,
          MongoTimeoutException.class,
          MongoNotPrimaryException.class,
          MongoNodeIsRecoveringException.class);

  private MongoUnreachable() {}

  /** Whether {@code failure}, or an exception it wraps, is one of {@link #FAILURES}. */
  public static boolean isCauseOf(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      for (var type : FAILURES) {
        if (type.isInstance(cause)) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
