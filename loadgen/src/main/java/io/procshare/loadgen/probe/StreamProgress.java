package io.procshare.loadgen.probe;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Progress} on a stream (stderr): on a terminal a bar redrawn in place with {@code \r}
 * ({@code [table1] C open  [#####.....] 1200/2000}), elsewhere (a pipe, a log file, a test) a
 * line when a row starts, one every {@value #LINE_INTERVAL_S} s while it runs and one when it ends.
 * {@link #advance} may be called from any thread, concurrently; it only reads the clock unless a
 * redraw is due, so it costs a probe thread next to nothing.
 */
public final class StreamProgress implements Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LINE_INTERVAL_S = 10;

    private final PrintStream out;
    private final boolean terminal;
    private final AtomicBoolean drawing = new AtomicBoolean();
    private volatile String label = "";
    private volatile long total;
    private volatile long done;
    private volatile long started;
    private volatile long lastDraw;
    private volatile boolean active;
    private int lastWidth;

    /** {@code terminal}: redraw a bar in place; otherwise print plain lines. */
    public StreamProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * On stderr: a bar when the JVM has a console ({@code System.console() != null}, a terminal)
     * and stderr itself goes to a terminal (not {@code 2>log}), plain lines otherwise.
     */
    public static StreamProgress stderr() {
        return new StreamProgress(System.err, stderrIsTerminal());
    }

    private static boolean stderrIsTerminal() {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true; // no /proc: trust the console
        }
    }

    @Override
    public synchronized void row(String experiment, String row, long total) {
        if (active) {
            done();
        }
        this.label = String.format(Locale.ROOT, "[%s] %-36s", experiment, row);
        this.total = Math.max(1, total);
        this.done = 0;
        this.started = System.nanoTime();
        this.lastDraw = started;
        this.active = true;
        if (terminal) {
            draw();
        } else {
            out.printf("%s started, %d iterations%n", label, total);
        }
    }

    @Override
    public void advance(long done) {
        this.done = done;
        long now = System.nanoTime();
        long interval = terminal ? REDRAW_NANOS : TimeUnit.SECONDS.toNanos(LINE_INTERVAL_S);
        if (now - lastDraw >= interval && drawing.compareAndSet(false, true)) {
            try {
                lastDraw = now;
                if (terminal) {
                    draw();
                } else {
                    out.printf("%s %d/%d%n", label, done, total);
                }
            } finally {
                drawing.set(false);
            }
        }
    }

    @Override
    public synchronized void done() {
        if (!active) {
            return;
        }
        active = false;
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (terminal) {
            done = total;
            draw();
            out.printf(" %d ms%n", ms);
        } else {
            out.printf("%s done in %d ms%n", label, ms);
        }
        out.flush();
    }

    @Override
    public synchronized void note(String text) {
        if (terminal && active) {
            clear();
        }
        out.println(text);
        if (terminal && active) {
            draw();
        }
        out.flush();
    }

    private synchronized void draw() {
        long d = Math.min(done, total);
        int filled = (int) (WIDTH * d / total);
        String line = String.format(Locale.ROOT, "\r%s [%s%s] %d/%d", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), d, total);
        out.print(line);
        if (line.length() < lastWidth) {
            out.print(" ".repeat(lastWidth - line.length()));
        }
        lastWidth = line.length();
        out.flush();
    }

    private void clear() {
        out.print("\r" + " ".repeat(lastWidth) + "\r");
        lastWidth = 0;
    }
}
