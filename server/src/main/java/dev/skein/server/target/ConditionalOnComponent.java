package dev.skein.server.target;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Creates the annotated bean or configuration only when {@code skein.target} runs the given
 * component, as decided by {@link TargetMap}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnComponentCondition.class)
public @interface ConditionalOnComponent {

  /** The component that must be running. */
  ComponentId value();

  /** Components that must not run in the same process for the bean to be created. */
  ComponentId[] unless() default {};
}
