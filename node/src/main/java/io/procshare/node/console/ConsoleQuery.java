package io.procshare.node.console;

import java.util.List;
import java.util.Map;

/**
 * The console's page-map question, parsed and bounded before anything is asked of a node:
 * {@code pid} (required, a positive decimal), and optionally {@code from} (first page, decimal or
 * {@code 0x} hex) and {@code count} (pages, 1 to {@value #MAX_COUNT}); without them, the whole
 * address space. Sans-IO.
 */
record ConsoleQuery(long pid, long from, long count) {

    /** 65,536 pages: 256 MiB of address space per question. */
    static final long MAX_COUNT = 65_536;
    /** Pages of a 64-bit address space of 4 KiB pages. */
    static final long ALL_PAGES = 1L << 52;

    /** A question the console refuses: {@code status} (4xx) and a message naming the parameter. */
    static final class BadQuery extends RuntimeException {
        final int status;

        BadQuery(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** @param params the request's query parameters (all values of each) */
    static ConsoleQuery parse(Map<String, List<String>> params) {
        long pid = number(params, "pid", true, 1, Long.MAX_VALUE, 0);
        boolean ranged = params.containsKey("from") || params.containsKey("count");
        if (!ranged) {
            return new ConsoleQuery(pid, 0, ALL_PAGES);
        }
        long from = number(params, "from", false, 0, ALL_PAGES - 1, 0);
        long count = number(params, "count", false, 1, Long.MAX_VALUE, MAX_COUNT);
        if (count > MAX_COUNT) {
            throw new BadQuery(400, "count: " + count + " pages is more than " + MAX_COUNT
                    + " (256 MiB) per question; ask for a smaller range");
        }
        return new ConsoleQuery(pid, from, Math.min(count, ALL_PAGES - from));
    }

    private static long number(Map<String, List<String>> params, String name, boolean required, long min, long max,
                               long dflt) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            if (required) {
                throw new BadQuery(400, name + ": missing");
            }
            return dflt;
        }
        if (values.size() > 1) {
            throw new BadQuery(400, name + ": given " + values.size() + " times");
        }
        String raw = values.getFirst();
        long v;
        try {
            if (raw.length() > 20) {
                throw new NumberFormatException();
            }
            v = raw.startsWith("0x") ? Long.parseUnsignedLong(raw.substring(2), 16) : Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadQuery(400, name + ": '" + shorten(raw) + "' is not a number");
        }
        if (v < min || v > max) {
            throw new BadQuery(400, name + ": " + raw + " is not in " + min + ".." + max);
        }
        return v;
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 24 ? printable.substring(0, 24) + "…" : printable;
    }
}
