package dev.orderflow.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "dev.orderflow.order",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domain_does_not_depend_on_spring_kafka_or_mongo =
      noClasses()
          .that()
          .resideInAPackage("..order.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "com.mongodb..",
              "org.bson..",
              "dev.orderflow.platform..",
              "io.micrometer..",
              "io.github.resilience4j..",
              "jakarta..");

  @ArchTest
  static final ArchRule domain_does_not_depend_on_application_or_adapters =
      noClasses()
          .that()
          .resideInAPackage("..order.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..order.application..", "..order.adapter..");

  @ArchTest
  static final ArchRule application_does_not_depend_on_adapters =
      noClasses()
          .that()
          .resideInAPackage("..order.application..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..order.adapter..");

  @ArchTest
  static final ArchRule application_does_not_know_kafka_or_mongo =
      noClasses()
          .that()
          .resideInAPackage("..order.application..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.kafka..",
              "org.springframework.kafka..",
              "com.mongodb..",
              "org.springframework.data..",
              "dev.orderflow.platform.mongo..",
              "dev.orderflow.platform.kafka..");

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_each_other =
      slices()
          .matching("..order.adapter.(*)..")
          .should()
          .notDependOnEachOther()
          .because("each adapter talks to the application, not to another adapter");
}
