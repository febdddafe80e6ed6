package io.nfslifecycle.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field added to the contract after its first version: a record without it (from an older producer) is read as if
 * it carried this value. Text for strings and enums, {@code true}/{@code false}, a number; lists and maps are empty.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
    String value() default "";
}
