package dev.orderflow.systemtest.kubernetes;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.Map;

/**
 * Each kind of object the manifests hold, and its API model: fabric8's for Kubernetes' own kinds
 * and the Prometheus Operator's, Strimzi's own API classes for Kafka, and for KEDA and MongoDB's
 * operator, which publish no Java model, the records of {@link ScaledObject} and {@link
 * MongoDBCommunity}, written from their CRDs.
 *
 * <p>Read strictly, as an API server with field validation set to Strict would: an unknown field
 * fails ({@code FAIL_ON_UNKNOWN_PROPERTIES}), and so does a string where the API takes a number.
 * fabric8's and Strimzi's models keep unknown fields in an "additional properties" map ({@code
 * JsonAnySetter}) rather than failing, so every bean is read here without that map: then Jackson
 * itself refuses the unknown field and names its path ({@code spec.template.spec.containers[0]
 * .livenesProbe}).
 */
final class StrictModels {

  /** {@code apiVersion/kind} to its model; a kind missing here is an error, not a pass. */
  static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
          Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
          Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
          Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
          Map.entry("mongodbcommunity.mongodb.com/v1/MongoDBCommunity", MongoDBCommunity.class));

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .addModule(
              new SimpleModule("no-additional-properties")
                  .setDeserializerModifier(
                      new BeanDeserializerModifier() {
                        @Override
                        public BeanDeserializerBuilder updateBuilder(
                            DeserializationConfig config,
                            BeanDescription description,
                            BeanDeserializerBuilder builder) {
                          builder.setAnySetter(null);
                          return builder;
                        }
                      }))
          .build();

  private StrictModels() {}

  static Class<?> modelOf(String apiVersion, String kind) {
    var model = MODELS.get(apiVersion + "/" + kind);
    if (model == null) {
      throw new IllegalArgumentException(
          "no model for " + apiVersion + " " + kind + ": add one to StrictModels.MODELS");
    }
    return model;
  }

  /** The object read into its model; fails on any field the model does not have. */
  static Object read(Map<String, Object> object) {
    var model =
        modelOf(String.valueOf(object.get("apiVersion")), String.valueOf(object.get("kind")));
    return MAPPER.convertValue(object, model);
  }
}
