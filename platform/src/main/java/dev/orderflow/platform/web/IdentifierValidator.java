package dev.orderflow.platform.web;

import dev.orderflow.events.Bounds;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link Identifier} with the events' own check ({@link Bounds#isIdentifier}), not with the
 * regular expression a {@code @Pattern} would match on every request: one rule in one place, and
 * the HTTP edge pays what the events pay.
 */
public final class IdentifierValidator implements ConstraintValidator<Identifier, String> {

  @Override
  public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
    return value == null || Bounds.isIdentifier(value);
  }
}
