package dev.orderflow.projection;

/**
 * The read model of the generation queries are answered from right now. Queries ask for it on every
 * request: when a rebuild switches generations, the next request reads the new one.
 */
@FunctionalInterface
public interface LiveReadModel<T> {

  T current();
}
