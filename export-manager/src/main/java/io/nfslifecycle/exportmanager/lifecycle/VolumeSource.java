package io.nfslifecycle.exportmanager.lifecycle;

import java.io.IOException;

import io.nfslifecycle.exportmanager.admission.VolumeFigures;

/** The export root's filesystem figures, read fresh on every call. */
@FunctionalInterface
public interface VolumeSource {
    VolumeFigures figures() throws IOException;
}
