package io.procshare.node.guest.tasks;

import io.procshare.node.guest.Guest;
import io.procshare.node.guest.GuestErrnoException;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.ThreadEntry;
import io.procshare.verticles.syscall.Errno;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code wordcount [--generate FILES] DIR}: counts the words (runs of non-whitespace) of the files
 * of directory DIR in the process's sandbox, every file read through forwarded system calls.
 *
 * <p>A new process's sandbox is empty, so {@code --generate FILES} first makes main create DIR and
 * FILES text files of 2000 pseudo-random words each (from a fixed vocabulary of 50 words, seeded by
 * the file's index), through the same system calls, remembering the counts it wrote.
 *
 * <p>Main starts {@link Guest#requestedThreads()} workers; worker k lists DIR, takes files
 * k, k+T, k+2T, ... of the sorted listing, reads each with open/read/close (run at the process's
 * home), counts its words, and leaves its counts as {@code word count} lines in a page-aligned
 * buffer of its own. Main merges the workers' counts after joining them, recounts every file by
 * itself, and checks that the two (and, with {@code --generate}, the generated counts) agree. It
 * writes the counts to {@code DIR.counts} ({@code word count} lines, most frequent first, then by
 * word), prints the top five words and {@code wordcount: check passed (...)} (exit 0) or
 * {@code wordcount: check FAILED (...)} (exit 1). If DIR does not exist it says so on stderr and
 * exits with 2.
 */
public final class WordCount implements SharedTask {

    static final String NAME = "wordcount";
    static final String USAGE = "wordcount [--generate FILES] DIR   (FILES from 1 to 10000: create DIR with that many text files first)";
    /** Exit status when DIR is missing or not a directory. */
    static final int NO_SUCH_DIRECTORY = 2;
    private static final TaskArgs.Option GENERATE = new TaskArgs.Option("--generate", 1, 10_000);
    private static final int WORDS_PER_FILE = 2000;
    private static final int WORDS_PER_LINE = 12;
    private static final int TOP = 5;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final List<String> VOCABULARY = List.of(
            "the", "of", "and", "to", "in", "a", "is", "that", "for", "it",
            "as", "was", "with", "be", "by", "on", "not", "he", "this", "are",
            "or", "his", "from", "at", "which", "but", "have", "an", "had", "they",
            "you", "were", "their", "one", "all", "we", "can", "her", "has", "there",
            "been", "if", "more", "when", "will", "would", "who", "so", "no", "page");

    // the args block main writes before spawning (workers only read it)
    private static final long WORKERS_AT = 0;
    private static final long DIR_LENGTH_AT = 8;
    private static final long DIR_AT = 64;
    // one record per worker: args block and index (main writes), result buffer and length (the worker writes, once)
    private static final long RECORD = 32;

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public void validate(String[] args) {
        parse(args);
    }

    private static TaskArgs parse(String[] args) {
        TaskArgs a = TaskArgs.parse(NAME, USAGE, args, 1, "directory (DIR)", GENERATE);
        String dir = a.positional(0);
        if (dir.isBlank()) {
            throw new IllegalArgumentException(NAME + ": DIR is empty (usage: " + USAGE + ")");
        }
        if (dir.getBytes(StandardCharsets.UTF_8).length > 1024 || dir.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(NAME + ": DIR must be a path of at most 1024 bytes without NUL (usage: " + USAGE + ")");
        }
        return a;
    }

    /** Where the counts of {@code dir} go: {@code DIR.counts}, beside DIR. */
    static String resultPath(String dir) {
        String d = dir;
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.equals("/") || d.equals(".") || d.equals("..") || d.endsWith("/.") || d.endsWith("/..")) {
            return "wordcount.counts";
        }
        return d + ".counts";
    }

    /** The name of generated file {@code i}. */
    static String fileName(int i) {
        return String.format(Locale.ROOT, "file-%04d.txt", i);
    }

    /** The text of generated file {@code i}; adds its words to {@code counts}. */
    static byte[] generate(int i, Map<String, Long> counts) {
        SplittableRandom random = new SplittableRandom(1_000_003L * (i + 1));
        StringBuilder text = new StringBuilder(WORDS_PER_FILE * 6);
        for (int w = 0; w < WORDS_PER_FILE; w++) {
            // skewed towards the front of the vocabulary, so that the counts differ
            int r = random.nextInt(VOCABULARY.size());
            String word = VOCABULARY.get(random.nextBoolean() ? r : random.nextInt(r + 1));
            text.append(word).append((w + 1) % WORDS_PER_LINE == 0 ? '\n' : ' ');
            counts.merge(word, 1L, Long::sum);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the words of {@code text} to {@code counts}; returns how many there were. */
    static long count(byte[] text, Map<String, Long> counts) {
        long words = 0;
        for (String w : WHITESPACE.split(new String(text, StandardCharsets.UTF_8))) {
            if (!w.isEmpty()) {
                counts.merge(w, 1L, Long::sum);
                words++;
            }
        }
        return words;
    }

    /**
     * The whole of file {@code path}, or null when it is a directory (read says EISDIR).
     *
     * @throws GuestErrnoException for any other failure
     */
    static byte[] readFile(Guest g, String path) {
        int fd = g.open(path, Guest.O_RDONLY | Guest.O_CLOEXEC, 0);
        try {
            return g.readAll(fd);
        } catch (GuestErrnoException e) {
            if (e.errno() == Errno.EISDIR) {
                return null;
            }
            throw e;
        } finally {
            g.close(fd);
        }
    }

    /** {@code word count} lines, most frequent first, then by word. */
    static String encode(Map<String, Long> counts) {
        StringBuilder s = new StringBuilder();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> s.append(e.getKey()).append(' ').append(e.getValue()).append('\n'));
        return s.toString();
    }

    /** Adds the {@code word count} lines of {@code text} to {@code counts}. */
    static void decode(String text, Map<String, Long> counts) {
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                int space = line.lastIndexOf(' ');
                counts.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1)), Long::sum);
            }
        }
    }

    @Override
    public int main(Guest g, String[] args) {
        TaskArgs a = parse(args);
        String dir = a.positional(0);
        int generate = (int) a.get(GENERATE.name(), 0);
        Map<String, Long> expected = new TreeMap<>();
        List<String> generated = new ArrayList<>();
        if (generate > 0) {
            try {
                g.mkdir(dir, 0755);
            } catch (GuestErrnoException e) {
                if (e.errno() != Errno.EEXIST) {
                    g.eprintln("wordcount: cannot create directory '" + dir + "': " + e.getMessage());
                    return NO_SUCH_DIRECTORY;
                }
            }
            for (int i = 0; i < generate; i++) {
                byte[] text = generate(i, expected);
                int fd = g.open(dir + "/" + fileName(i), Guest.O_WRONLY | Guest.O_CREAT | Guest.O_TRUNC | Guest.O_CLOEXEC, 0644);
                try {
                    g.write(fd, text);
                } finally {
                    g.close(fd);
                }
                generated.add(fileName(i));
            }
            g.println("wordcount: generated " + generate + " files of " + WORDS_PER_FILE + " words in " + dir);
        }

        List<String> names;
        try {
            names = g.listDirectory(dir).stream().sorted().toList();
        } catch (GuestErrnoException e) {
            if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
                g.eprintln("wordcount: directory '" + dir + "' " + (e.errno() == Errno.ENOENT ? "does not exist" : "is not a directory")
                        + " in the process's sandbox (" + e.getMessage() + "). A new process's sandbox is empty:"
                        + " use --generate FILES to create DIR with FILES text files first. Usage: " + USAGE);
                return NO_SUCH_DIRECTORY;
            }
            throw e;
        }

        int workers = g.requestedThreads();
        byte[] dirBytes = dir.getBytes(StandardCharsets.UTF_8);
        long blockLength = TaskSupport.pages(DIR_AT + dirBytes.length);
        long block = g.allocPages(blockLength);
        g.writeLong(block + WORKERS_AT, workers);
        g.writeLong(block + DIR_LENGTH_AT, dirBytes.length);
        g.write(block + DIR_AT, dirBytes, 0, dirBytes.length);
        long recordsLength = TaskSupport.pages(RECORD * workers);
        long records = g.allocPages(recordsLength);
        for (int k = 0; k < workers; k++) {
            g.writeLong(records + RECORD * k, block);
            g.writeLong(records + RECORD * k + 8, k);
        }

        long start = System.nanoTime();
        int failedWorkers = TaskSupport.runWorkers(g, Worker.class, workers, k -> records + RECORD * k);
        String parallelMs = TaskSupport.millisSince(start);
        Map<String, Long> merged = new TreeMap<>();
        for (int k = 0; k < workers; k++) {
            long result = g.readLong(records + RECORD * k + 16);
            int length = (int) g.readLong(records + RECORD * k + 24);
            if (result != 0) {
                byte[] text = new byte[length];
                g.read(result, text, 0, length);
                decode(new String(text, StandardCharsets.UTF_8), merged);
                g.freePages(result, TaskSupport.pages(length));
            }
        }
        g.freePages(records, recordsLength);
        g.freePages(block, blockLength);

        // the reference: main reads every file again, by itself
        Map<String, Long> recount = new TreeMap<>();
        long words = 0;
        for (String name : names) {
            byte[] text = readFile(g, dir + "/" + name);
            if (text != null) {
                words += count(text, recount);
            }
        }

        String result = resultPath(dir);
        String encoded = encode(merged);
        int fd = g.open(result, Guest.O_WRONLY | Guest.O_CREAT | Guest.O_TRUNC | Guest.O_CLOEXEC, 0644);
        try {
            g.write(fd, encoded.getBytes(StandardCharsets.UTF_8));
        } finally {
            g.close(fd);
        }

        g.println("wordcount: files=" + names.size() + " words=" + words + " distinct=" + merged.size()
                + " threads=" + workers + " parallel ms=" + parallelMs);
        g.println("wordcount: top " + TOP + ": " + String.join(", ", encoded.lines().limit(TOP).toList()));
        g.println("wordcount: counts written to " + result);

        boolean generatedOnly = generate > 0 && new HashSet<>(names).equals(new HashSet<>(generated));
        String detail;
        boolean passed;
        if (failedWorkers > 0) {
            passed = false;
            detail = failedWorkers + " of " + workers + " workers exited with a nonzero status";
        } else if (!merged.equals(recount)) {
            passed = false;
            detail = "the merged counts of the threads differ from main's recount: " + difference(merged, recount);
        } else if (generatedOnly && !merged.equals(expected)) {
            passed = false;
            detail = "the counts differ from the generated ones: " + difference(merged, expected);
        } else {
            passed = true;
            detail = "the threads' merged counts equal main's recount of " + words + " words"
                    + (generatedOnly ? " and the generated counts" : generate > 0 ? " (" + dir
                    + " holds other files too: not compared with the generated counts)" : "");
        }
        g.println("wordcount: check " + (passed ? "passed" : "FAILED") + " (" + detail + ")");
        return passed ? 0 : 1;
    }

    /** The first few words whose counts differ. */
    private static String difference(Map<String, Long> got, Map<String, Long> want) {
        TreeMap<String, String> diff = new TreeMap<>();
        for (String w : got.keySet()) {
            if (!got.get(w).equals(want.get(w))) {
                diff.put(w, got.get(w) + " vs " + want.get(w));
            }
        }
        for (String w : want.keySet()) {
            if (!got.containsKey(w)) {
                diff.put(w, "null vs " + want.get(w));
            }
        }
        return diff.entrySet().stream().limit(5).map(e -> e.getKey() + " " + e.getValue()).toList()
                + (diff.size() > 5 ? " and " + (diff.size() - 5) + " more" : "");
    }

    /** Worker k: counts files k, k+T, ... of DIR; arg is its record (args block, k, result, length). */
    public static final class Worker implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long block = g.readLong(arg);
            int k = (int) g.readLong(arg + 8);
            int workers = (int) g.readLong(block + WORKERS_AT);
            byte[] dirBytes = new byte[(int) g.readLong(block + DIR_LENGTH_AT)];
            g.read(block + DIR_AT, dirBytes, 0, dirBytes.length);
            String dir = new String(dirBytes, StandardCharsets.UTF_8);

            long start = System.nanoTime();
            List<String> names = g.listDirectory(dir).stream().sorted().toList();
            Map<String, Long> counts = new TreeMap<>();
            int files = 0;
            long words = 0;
            for (int i = k; i < names.size(); i += workers) {
                byte[] text = readFile(g, dir + "/" + names.get(i));
                if (text != null) {
                    words += count(text, counts);
                    files++;
                }
            }
            byte[] encoded = encode(counts).getBytes(StandardCharsets.UTF_8);
            if (encoded.length > 0) {
                long result = g.allocPages(TaskSupport.pages(encoded.length)); // its own pages: no other thread writes them
                g.write(result, encoded, 0, encoded.length);
                g.writeLong(arg + 24, encoded.length);
                g.writeLongVolatile(arg + 16, result);
            }
            g.println("thread " + g.tid() + " on " + g.nodeName() + ": " + files + " files, " + words + " words, "
                    + counts.size() + " distinct, " + TaskSupport.millisSince(start) + " ms");
            return 0;
        }
    }
}
