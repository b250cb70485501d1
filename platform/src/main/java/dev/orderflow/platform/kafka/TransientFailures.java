package dev.orderflow.platform.kafka;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.List;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Which failures say nothing about the record: the database or broker is unreachable or busy. Such
 * a record must wait, not go to a dead-letter topic: during a MongoDB outage every record fails,
 * and dead-lettering them would turn a pause into lost work.
 */
public final class TransientFailures {

  private static final List<Class<? extends Throwable>> TRANSIENT =
      List.of(
          RetryLaterException.class,
          TransientDataAccessException.class,
          DataAccessResourceFailureException.class,
          MongoSocketException.class,
          MongoTimeoutException.class,
          MongoExecutionTimeoutException.class,
          MongoNotPrimaryException.class,
          MongoNodeIsRecoveringException.class,
          RetriableException.class);

  private TransientFailures() {}

  /** True if {@code failure} or any of its causes is a transient failure. */
  public static boolean isTransient(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      for (var type : TRANSIENT) {
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
