package io.nfslifecycle.quotaauditor;

import java.nio.file.Path;

import io.nfslifecycle.quotaauditor.findings.VolumeFigures;
import io.nfslifecycle.quotaauditor.scan.FilesystemVolume;
import io.quarkus.test.Mock;

/** The real filesystem's figures, unless a test sets others: a test cannot fill the disk to 85%. */
@Mock
public class TunableVolume extends FilesystemVolume {
    private static volatile VolumeFigures override;

    public static void set(VolumeFigures figures) {
        override = figures;
    }

    public static void reset() {
        override = null;
    }

    @Override
    public VolumeFigures read(Path root) {
        VolumeFigures figures = override;
        return figures != null ? figures : super.read(root);
    }
}
