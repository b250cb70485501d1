package dev.orderflow.systemtest.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * KEDA's {@code keda.sh/v1alpha1} ScaledObject, as far as its CRD ({@code
 * keda.sh_scaledobjects.yaml}, KEDA 2.x) goes for a Deployment scaled by triggers: KEDA publishes
 * no Java model. A field not here is refused ({@link StrictModels}); the HPA behaviour is
 * Kubernetes' own type. The Kafka scaler's metadata is a map of strings in the CRD; its keys are
 * checked against {@link #KAFKA_METADATA}, the scaler's documented parameters.
 */
record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

  /** The parameters of KEDA's Kafka scaler (its documentation, KEDA 2.x). */
  static final Set<String> KAFKA_METADATA =
      Set.of(
          "bootstrapServers",
          "consumerGroup",
          "topic",
          "lagThreshold",
          "activationLagThreshold",
          "offsetResetPolicy",
          "allowIdleConsumers",
          "scaleToZeroOnInvalidOffset",
          "excludePersistentLag",
          "limitToPartitionsWithLag",
          "ensureEvenDistributionOfPartitions",
          "partitionLimitation",
          "version",
          "sasl",
          "tls");

  record Spec(
      ScaleTargetRef scaleTargetRef,
      @Nullable Integer pollingInterval,
      @Nullable Integer cooldownPeriod,
      @Nullable Integer initialCooldownPeriod,
      @Nullable Integer idleReplicaCount,
      @Nullable Integer minReplicaCount,
      @Nullable Integer maxReplicaCount,
      @Nullable Fallback fallback,
      @Nullable Advanced advanced,
      List<Trigger> triggers) {}

  record ScaleTargetRef(
      @Nullable String apiVersion,
      @Nullable String kind,
      String name,
      @Nullable String envSourceContainerName) {}

  record Fallback(int failureThreshold, int replicas, @Nullable String behavior) {}

  record Advanced(
      @Nullable Boolean restoreToOriginalReplicaCount,
      @Nullable HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig) {}

  record HorizontalPodAutoscalerConfig(
      @Nullable String name, @Nullable HorizontalPodAutoscalerBehavior behavior) {}

  record Trigger(
      String type,
      @Nullable String name,
      Map<String, String> metadata,
      @Nullable AuthenticationRef authenticationRef,
      @Nullable String metricType,
      @Nullable Boolean useCachedMetrics) {}

  record AuthenticationRef(String name, @Nullable String kind) {}
}
