package io.nfslifecycle.exportmanager.directory;

import java.io.IOException;

/** A path under the export root is, or goes through, a symbolic link or something other than a directory. */
public class UnsafePathException extends IOException {
    public UnsafePathException(String message) {
        super(message);
    }
}
