package io.nfslifecycle.quotaauditor.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** Per-thread native buffers, reused for every directory and file: a getdents64 buffer and a statx buffer. */
final class StatBuffers {
    static final int DENTS_SIZE = 64 * 1024;
    static final ThreadLocal<StatBuffers> PER_THREAD = ThreadLocal.withInitial(StatBuffers::new);

    final Memory dents = new Memory(DENTS_SIZE);
    final long dentsAddress = Pointer.nativeValue(dents);
    final byte[] dentBytes = new byte[DENTS_SIZE];
    final Memory stat = new Memory(LibC.STATX_SIZE_OF);
    final long statAddress = Pointer.nativeValue(stat);
    /** A view on the native statx buffer: fields are read without a JNI call each. */
    final ByteBuffer statView = stat.getByteBuffer(0, LibC.STATX_SIZE_OF).order(ByteOrder.nativeOrder());

    int nlink() {
        return statView.getInt(16);
    }

    int mode() {
        return statView.getShort(28) & 0xFFFF;
    }

    long ino() {
        return statView.getLong(32);
    }

    long size() {
        return statView.getLong(40);
    }

    long blocks() {
        return statView.getLong(48);
    }

    long dev() {
        return ((long) statView.getInt(136) << 32) | (statView.getInt(140) & 0xFFFFFFFFL);
    }
}
