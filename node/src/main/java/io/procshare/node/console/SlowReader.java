package io.procshare.node.console;

/**
 * What to do with one event for one browser, given whether its write queue is full: a browser
 * that reads gets every event; one that does not is skipped while its queue stays full (so the
 * node buffers at most the queue's bound and one event more), and is dropped after
 * {@code maxSkips} events in a row were skipped. Sans-IO, one per stream, confined to the
 * console's event loop.
 */
final class SlowReader {

    enum Action { SEND, SKIP, CLOSE }

    private final int maxSkips;
    private int skipped;

    SlowReader(int maxSkips) {
        this.maxSkips = maxSkips;
    }

    Action next(boolean queueFull) {
        if (!queueFull) {
            skipped = 0;
            return Action.SEND;
        }
        return ++skipped > maxSkips ? Action.CLOSE : Action.SKIP;
    }
}
