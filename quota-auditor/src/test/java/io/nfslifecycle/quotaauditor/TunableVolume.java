package io.nfslifecycle.quotaauditor;

import java.nio.file.Path;

import io.nfslifecycle.quotaauditor.findings.VolumeFigures;
import io.nfslifecycle.quotaauditor.scan.FilesystemVolume;
import io.quarkus.test.Mock;

/** The real filesystem's figures, unless a test sets others: a test cannot fill the disk to 85%. */
@Mock
public class TunableVolume extends FilesystemVolume {
    private static volatile VolumeFigures override;
    private static volatile java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(0);

    /** Runs stop when they read the volume, until {@link #release()}: a run that stays under way. */
    public static void hold() {
        hold = new java.util.concurrent.CountDownLatch(1);
    }

    public static void release() {
        hold.countDown();
    }

    public static void set(VolumeFigures figures) {
        override = figures;
    }

    public static void reset() {
        override = null;
    }

    @Override
    public VolumeFigures read(Path root) {
        try {
            hold.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        VolumeFigures figures = override;
        return figures != null ? figures : super.read(root);
    }
}
