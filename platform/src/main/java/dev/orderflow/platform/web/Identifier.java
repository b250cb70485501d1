package dev.orderflow.platform.web;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.orderflow.events.Bounds;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An order id, a sku, a customer id: the one shape of identifier the events accept ({@link
 * Bounds#IDENTIFIER}), checked where a request brings one in, so an HTTP client hears {@code 400}
 * with the same rule the contract enforces. {@code null} is valid, as for every Bean Validation
 * constraint: pair it with {@code @NotNull} where the value is required. Checked by {@link
 * IdentifierValidator}, with the events' own check.
 */
@Documented
@Constraint(validatedBy = IdentifierValidator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface Identifier {

  String message() default Bounds.IDENTIFIER_MESSAGE;

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
