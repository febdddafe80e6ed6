package io.nfslifecycle.kit.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A resource whose methods' {@code @Pattern} parameters {@link ParameterPatterns} checks before they run: every
 * resource class with a {@code @Pattern} parameter carries it.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PatternChecked {
}
