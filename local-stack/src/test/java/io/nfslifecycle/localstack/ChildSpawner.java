package io.nfslifecycle.localstack;

import java.util.List;

/** Starts one long child the way bin/run starts its children, prints the child's pid, and waits forever. */
public final class ChildSpawner {
    private ChildSpawner() {
    }

    public static void main(String[] args) throws Exception {
        Children.dieWithLauncher();
        Process child = new ProcessBuilder(Children.command(List.of("sleep", "600"))).start();
        System.out.println(child.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
