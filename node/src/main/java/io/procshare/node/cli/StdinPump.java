package io.procshare.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The client's stdin for a process's fd 0: a daemon thread reads it (a file, a pipe or a terminal)
 * into a small bounded queue, so the client never holds more than a few pieces however much is
 * piped in; {@link #poll} hands them to the stream loop, which sends them within the home's window.
 */
final class StdinPump {

    /** A piece of input, or its end. */
    record Piece(byte[] data, boolean eof) {
    }

    private static final int READ_BYTES = 64 * 1024;
    private final BlockingQueue<Piece> queue = new ArrayBlockingQueue<>(4);
    private Piece partial; // the rest of a piece larger than a poll asked for
    private boolean ended;

    StdinPump(InputStream in) {
        Thread.ofPlatform().daemon().name("procshare-stdin").start(() -> {
            byte[] buf = new byte[READ_BYTES];
            try {
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    if (n > 0) {
                        queue.put(new Piece(java.util.Arrays.copyOf(buf, n), false));
                    }
                }
            } catch (IOException e) {
                System.err.println("procshare: reading stdin failed (" + e.getMessage() + "); the program sees its end");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                queue.put(new Piece(new byte[0], true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The next piece of at most {@code max} bytes, or null when nothing is ready yet. */
    Piece poll(int max) {
        if (ended) {
            return null;
        }
        Piece p = partial != null ? partial : queue.poll();
        partial = null;
        if (p == null) {
            return null;
        }
        if (p.data().length > max) {
            partial = new Piece(java.util.Arrays.copyOfRange(p.data(), max, p.data().length), p.eof());
            return new Piece(java.util.Arrays.copyOf(p.data(), max), false);
        }
        if (p.eof()) {
            ended = true;
        }
        return p;
    }
}
