package io.procshare.node.guest.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of an example task: numeric options ({@code --size 64} or {@code --size=64}),
 * each with its range, and positional arguments. Anything else is refused with a message that says
 * what is wrong and shows the usage line.
 */
final class TaskArgs {

    /** A numeric option and its inclusive range. */
    record Option(String name, long min, long max) {
    }

    private final Map<String, Long> values;
    private final List<String> positional;

    private TaskArgs(Map<String, Long> values, List<String> positional) {
        this.values = values;
        this.positional = positional;
    }

    /**
     * Parses {@code args}.
     *
     * @param task          the task's short name, which starts every message
     * @param usage         its usage line, shown in every message
     * @param positionals   how many positional arguments it takes (exactly)
     * @param positionalName what they are, for the message when the count is wrong
     * @throws IllegalArgumentException naming the wrong argument, with the usage
     */
    static TaskArgs parse(String task, String usage, String[] args, int positionals, String positionalName, Option... options) {
        Map<String, Option> known = new LinkedHashMap<>();
        for (Option o : options) {
            known.put(o.name(), o);
        }
        Map<String, Long> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        String[] a = args == null ? new String[0] : args;
        for (int i = 0; i < a.length; i++) {
            String arg = a[i];
            if (arg == null) {
                throw bad(task, usage, "null argument");
            }
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw bad(task, usage, "unknown option '" + arg + "'");
                }
                positional.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            Option o = known.get(name);
            if (o == null) {
                throw bad(task, usage, "unknown option '" + name + "'");
            }
            if (values.containsKey(name)) {
                throw bad(task, usage, name + " given twice");
            }
            String text;
            if (eq >= 0) {
                text = arg.substring(eq + 1);
            } else if (i + 1 < a.length) {
                text = a[++i];
            } else {
                throw bad(task, usage, name + " needs a value");
            }
            values.put(name, number(task, usage, o, text));
        }
        if (positional.size() != positionals) {
            throw bad(task, usage, positionals == 0
                    ? "unexpected argument '" + positional.getFirst() + "'"
                    : "expected " + positionals + " " + positionalName + ", got " + positional.size());
        }
        return new TaskArgs(values, List.copyOf(positional));
    }

    private static long number(String task, String usage, Option o, String text) {
        String range = o.max() == Long.MAX_VALUE ? "at least " + o.min() : "from " + o.min() + " to " + o.max();
        long v;
        try {
            v = Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(task, usage, o.name() + " needs a whole number " + range + ", got '" + text + "'");
        }
        if (v < o.min() || v > o.max()) {
            throw bad(task, usage, o.name() + " must be " + range + ", got " + v);
        }
        return v;
    }

    private static IllegalArgumentException bad(String task, String usage, String what) {
        return new IllegalArgumentException(task + ": " + what + " (usage: " + usage + ")");
    }

    /** The value of option {@code name}, or {@code otherwise} when it was not given. */
    long get(String name, long otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    /** Whether option {@code name} was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Positional argument {@code i}. */
    String positional(int i) {
        return positional.get(i);
    }
}
