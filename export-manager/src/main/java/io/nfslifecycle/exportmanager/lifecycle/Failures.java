package io.nfslifecycle.exportmanager.lifecycle;

import java.nio.file.FileSystemException;

/** What a filesystem failure was. */
final class Failures {
    private Failures() {
    }

    /** ENOSPC, wherever in the causes it is. */
    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException fs && fs.getReason() != null
                    && fs.getReason().contains("No space left")) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("No space left")) {
                return true;
            }
        }
        return false;
    }
}
