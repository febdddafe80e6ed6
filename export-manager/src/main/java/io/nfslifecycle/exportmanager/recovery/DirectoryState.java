package io.nfslifecycle.exportmanager.recovery;

/** What is found at a claim directory's path, looked at without following any link. */
public enum DirectoryState {
    /** Nothing there. */
    ABSENT,
    /** A real directory, reached through real directories only. */
    DIRECTORY,
    /** A symbolic link, a file or anything else that is not a directory: never touched. */
    NOT_A_DIRECTORY,
    /** A parent on the way is a link or not a directory: the path leads outside what we made. */
    UNSAFE_PARENT
}
