package io.nfslifecycle.exportmanager.lifecycle;

/** Told when each durable step is done; tests use it to cut a create or a release short, as a crash would. */
@FunctionalInterface
public interface StepListener {
    StepListener NONE = step -> {
    };

    void reached(Step step);
}
