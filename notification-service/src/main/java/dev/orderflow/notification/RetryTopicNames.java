package dev.orderflow.notification;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The retry topics of a main topic for one consumer group, named as Spring Kafka names them with
 * index suffixes: {@code <mainTopic>-<group>-retry-0}, {@code -1}, ... The group in the name keeps
 * each service's retries apart from every other service's.
 *
 * @param count one per attempt after the first
 */
record RetryTopicNames(String mainTopic, String group, int count) {

  String suffix() {
    return "-" + group + "-retry";
  }

  List<String> retryTopics() {
    return IntStream.range(0, count).mapToObj(index -> mainTopic + suffix() + "-" + index).toList();
  }
}
