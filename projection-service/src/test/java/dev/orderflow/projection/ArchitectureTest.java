package dev.orderflow.projection;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.orderflow.platform.outbox.OutboxRelay;
import org.springframework.kafka.core.KafkaOperations;

@AnalyzeClasses(
    packages = "dev.orderflow.projection",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domain_does_not_depend_on_spring_kafka_mongo_platform_or_metrics =
      noClasses()
          .that()
          .resideInAPackage("..projection..domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.apache.kafka..",
              "com.mongodb..",
              "org.bson..",
              "io.micrometer..",
              "dev.orderflow.platform..")
          .because(
              "a projector is a pure function of a view and an event, and so is the"
                  + " arithmetic of the derived read models");

  @ArchTest
  static final ArchRule domain_depends_only_on_the_contract_and_other_domain_code =
      classes()
          .that()
          .resideInAPackage("..projection..domain..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "..projection..domain..", "dev.orderflow.events..", "java..", "org.jspecify..");

  @ArchTest
  static final ArchRule only_mongo_stores_touch_mongodb =
      noClasses()
          .that()
          .haveSimpleNameNotStartingWith("Mongo")
          .and(
              DescribedPredicate.describe(
                  "are not nested in a Mongo class",
                  type ->
                      type.getEnclosingClass()
                          .map(enclosing -> !enclosing.getSimpleName().startsWith("Mongo"))
                          .orElse(true)))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.mongodb..", "org.bson..", "org.springframework.data.mongodb..")
          .because("a store interface is the seam where a view's storage can change");

  @ArchTest
  static final ArchRule only_the_intake_and_the_stream_use_kafka =
      noClasses()
          .that()
          .resideOutsideOfPackages("..projection.intake..", "..projection.stream..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..")
          .because(
              "events come in through the intake; the stream's changes topic, which every"
                  + " instance reads, is its own");

  @ArchTest
  static final ArchRule the_read_side_publishes_no_events =
      noClasses()
          .should()
          .dependOnClassesThat()
          .areAssignableTo(KafkaOperations.class)
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(OutboxRelay.class)
          .because("projection-service only reads; what it shows is decided elsewhere");

  @ArchTest
  static final ArchRule the_order_view_does_not_depend_on_the_stock_view =
      noClasses()
          .that()
          .resideInAPackage("..projection.order..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..projection.stock..");

  @ArchTest
  static final ArchRule the_stock_view_does_not_depend_on_the_order_view =
      noClasses()
          .that()
          .resideInAPackage("..projection.stock..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..projection.order..");

  @ArchTest
  static final ArchRule the_order_view_does_not_depend_on_what_derives_from_it =
      noClasses()
          .that()
          .resideInAPackage("..projection.order..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("..projection.customer..", "..projection.sales..");

  @ArchTest
  static final ArchRule read_models_do_not_know_how_events_come_in_or_changes_go_out =
      noClasses()
          .that()
          .resideInAnyPackage(
              "..projection.order..",
              "..projection.stock..",
              "..projection.customer..",
              "..projection.sales..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "..projection.intake..",
              "..projection.stream..",
              "..projection.generation..",
              "..projection.rebuild..")
          .because("a read model is the same in every generation, live or rebuilt");
}
