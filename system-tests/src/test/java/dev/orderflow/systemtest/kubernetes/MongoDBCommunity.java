package dev.orderflow.systemtest.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code mongodbcommunity.mongodb.com/v1} MongoDBCommunity of MongoDB's operator, as far as its
 * CRD goes for a SCRAM-authenticated replica set: the operator publishes no Java model. A field not
 * here is refused ({@link StrictModels}); the StatefulSet override is read as Kubernetes' own
 * StatefulSetSpec, so a typo inside it fails too. {@code additionalMongodConfig} is free-form in
 * the CRD (mongod's own options).
 */
record MongoDBCommunity(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

  record Spec(
      int members,
      String type,
      String version,
      @Nullable Integer arbiters,
      @Nullable String featureCompatibilityVersion,
      Security security,
      List<User> users,
      @Nullable Map<String, Object> additionalMongodConfig,
      @Nullable Map<String, Object> additionalConnectionStringConfig,
      @Nullable StatefulSet statefulSet) {}

  record Security(Authentication authentication) {}

  record Authentication(List<String> modes, @Nullable Boolean ignoreUnknownUsers) {}

  record User(
      String name,
      String db,
      SecretRef passwordSecretRef,
      List<Role> roles,
      String scramCredentialsSecretName,
      @Nullable String connectionStringSecretName,
      @Nullable Map<String, Object> additionalConnectionStringConfig) {}

  record SecretRef(String name, @Nullable String key) {}

  record Role(String name, String db) {}

  record StatefulSet(@Nullable ObjectMeta metadata, StatefulSetSpec spec) {}
}
