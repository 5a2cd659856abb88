package io.procshare.node;

import io.vertx.core.transport.Transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the network transport: io_uring where the kernel allows it, else epoll, else NIO
 * (DESIGN §4), remembering why each better one was passed over so the node can log it.
 *
 * @param transport the transport to build Vert.x with
 * @param name      {@code io_uring}, {@code epoll} or {@code nio}, as {@code procshare status} shows it
 * @param fallbacks one line per transport that was wanted but is not available, with the cause
 */
public record TransportChoice(Transport transport, String name, List<String> fallbacks) {

    public TransportChoice {
        fallbacks = List.copyOf(fallbacks);
    }

    /** @param requested {@code auto}, {@code io_uring}, {@code epoll} or {@code nio} */
    public static TransportChoice select(String requested) {
        List<String> order = switch (requested) {
            case "io_uring", "auto" -> List.of("io_uring", "epoll", "nio");
            case "epoll" -> List.of("epoll", "nio");
            case "nio" -> List.of("nio");
            default -> throw new IllegalArgumentException("transport: unknown '" + requested + "'");
        };
        List<String> why = new ArrayList<>();
        for (String name : order) {
            Transport t = of(name);
            if (t.available()) {
                return new TransportChoice(t, name, why);
            }
            Throwable cause = t.unavailabilityCause();
            why.add(name + " unavailable: " + (cause == null ? "unknown cause" : rootMessage(cause)));
        }
        throw new IllegalStateException("no transport available: " + why);
    }

    private static Transport of(String name) {
        return switch (name) {
            case "io_uring" -> Transport.IO_URING;
            case "epoll" -> Transport.EPOLL;
            default -> Transport.NIO;
        };
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
