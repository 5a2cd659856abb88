package io.procshare.codecs;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Valid messages of every type: a typical one each, and boundary values. */
final class Samples {

  /** 255 UTF-8 bytes: the longest node id. */
  static final String MAX_NODE_ID = "n".repeat(Limits.NODE_ID_MAX_BYTES);
  /** 4096 UTF-8 bytes of 2-, 3- and 4-byte sequences: the longest string. */
  static final String MAX_TEXT = "é\u20ac\uD83D\uDE00".repeat(455) + "x";

  private Samples() {
  }

  static Buffer bytes(int length, int seed) {
    Buffer buffer = Buffer.buffer(length);
    for (int i = 0; i < length; i++) {
      buffer.appendByte((byte) (i * 31 + seed));
    }
    return buffer;
  }

  static Buffer page(int seed) {
    return bytes(Limits.PAGE_SIZE, seed);
  }

  static long[] args(long... values) {
    return values;
  }

  /** One ordinary message per type, in MessageType id order; frames of a few hundred bytes at most. */
  static List<ProcshareMessage> typical() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("faults", 12L);
    counters.put("syscalls.forwarded", 3L);
    counters.put("pages.resident", 4096L);
    return List.of(
        new PageRequest(7, 0x7fff_0000L >>> 12, "node-a", Access.WRITE, 41, 3),
        new PageForward(7, 42, "node-b", Access.READ, 42),
        new PageData(7, 42, 43, PageStatus.OK, PageState.READ_ONLY, PageKind.ZERO_FILL, 2, Buffer.buffer()),
        new PageConfirm(7, 42, 43, "node-b", PageState.READ_ONLY),
        new Invalidate(7, 42, 44, "node-c"),
        new InvalidateAck(7, 42, 44, "node-b"),
        new SyscallRequest(7, 3, 19, 56, args(-100, 0x1000, 0x241, 0644, 0, 0), 0,
            List.of(new ShippedBytes(0x1000, Buffer.buffer("/tmp/out.txt\0")))),
        new SyscallReply(7, 3, 19, -2, 0, List.of(new ShippedBytes(0x2000, bytes(16, 1)))),
        new ThreadCreated(7, 4, 3, "node-c"),
        new ThreadStart(7, 4, "node-c", "demo.Worker::run", 1, 0x7fff_f000L, 0x4000, 0x5000, bytes(32, 2)),
        new ThreadExit(7, 4, "node-c", 0),
        new ProcessSubmit("demo.Counter", List.of("--n", "1000"), 4, "spread", "procshare.client.1", bytes(64, 3)),
        new ProcessOutput(7, ProcessStream.STDOUT, Buffer.buffer("hello\n")),
        new ProcessExit(7, 0, "exited"),
        new StatusRequest(1, (byte) 0),
        new StatusReply("alpha", "node-a", "127.0.0.1:5701", "127.0.0.1:7000", "io_uring", 1_700_000_000_000L,
            counters),
        new MapRequest(7, 3, "node-b"),
        new MapSnapshot(7, 4, 1L << 40, Shootdown.NONE, 0, 0, List.of(
            new MapEntry(0x1000_0000L, 0x1000_4000L, (byte) 3), new MapEntry(0x20_0000_0000L, 0x20_0000_1000L, (byte) 1))));
  }

  /** Boundary values: extremes of every number, empty and longest strings, 0 and 64 segments. */
  static List<ProcshareMessage> boundaries() {
    List<ProcshareMessage> all = new ArrayList<>();
    for (long v : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}) {
      byte b = (byte) v;
      all.add(new PageRequest(v, v, "", Access.READ, v, v));
      all.add(new PageRequest(v, v, MAX_NODE_ID, Access.WRITE, v, v));
      all.add(new PageForward(v, v, MAX_NODE_ID, Access.WRITE, v));
      all.add(new PageConfirm(v, v, v, "", PageState.READ_WRITE));
      all.add(new Invalidate(v, v, v, MAX_NODE_ID));
      all.add(new InvalidateAck(v, v, v, ""));
      all.add(new ThreadCreated(v, v, v, MAX_NODE_ID));
      all.add(new ThreadExit(v, v, "", (int) v));
      all.add(new StatusRequest(v, b));
      all.add(new ProcessExit(v, (int) v, ""));
      all.add(new SyscallRequest(v, v, v, (int) v, args(v, v, v, v, v, v), (int) v, List.of()));
      all.add(new SyscallReply(v, v, v, v, (int) v, List.of()));
      all.add(new PageData(v, v, v, PageStatus.SEGV, PageState.NONE, PageKind.NONE, v, Buffer.buffer()));
      all.add(new MapRequest(v, v, MAX_NODE_ID));
      all.add(new MapSnapshot(v, v, v, Shootdown.UNMAP, v, v, List.of(new MapEntry(v, v, (byte) 7))));
    }
    all.add(new MapSnapshot(1, 2, 0, Shootdown.PROTECT, 0x1000, 0x3000, List.of()));
    List<MapEntry> maxMappings = new ArrayList<>();
    for (int i = 0; i < Limits.MAPPINGS_MAX; i++) {
      maxMappings.add(new MapEntry(0x1000L * 2 * i, 0x1000L * (2 * i + 1), (byte) (i % 8)));
    }
    all.add(new MapSnapshot(1, 2, 3, Shootdown.NONE, 0, 0, maxMappings));
    all.add(new PageData(1, 2, 3, PageStatus.OK, PageState.READ_WRITE, PageKind.DATA, 4, page(0)));
    all.add(new PageData(1, 2, 3, PageStatus.OK, PageState.READ_WRITE, PageKind.OWNERSHIP_ONLY, 4, Buffer.buffer()));
    all.add(new PageData(1, 2, 3, PageStatus.FAILED, PageState.NONE, PageKind.NONE, 0, Buffer.buffer()));
    all.add(new ProcessExit(1, 139, MAX_TEXT));
    IntFunction<ShippedBytes> segment = i -> new ShippedBytes(-i, bytes(i, i));
    List<ShippedBytes> max = new ArrayList<>();
    for (int i = 0; i < Limits.SHIPPED_MAX_SEGMENTS; i++) {
      max.add(segment.apply(i));
    }
    all.add(new SyscallRequest(1, 2, 3, 64, args(1, 2, 3, 4, 5, 6), 0, max));
    all.add(new SyscallReply(1, 2, 3, 4096, 0, max));
    all.add(new SyscallReply(1, 2, 3, Limits.SHIPPED_MAX_BYTES, 0,
        List.of(new ShippedBytes(0x10_0000, bytes(Limits.SHIPPED_MAX_BYTES, 8)))));
    all.add(new ThreadStart(0, 0, "", "", 0, 0, 0, 0, Buffer.buffer()));
    all.add(new ThreadStart(Long.MIN_VALUE, Long.MAX_VALUE, MAX_NODE_ID, MAX_TEXT, -1, -1, -1, -1,
        bytes(Limits.CONTEXT_MAX_BYTES, 5)));
    all.add(new ProcessSubmit("", List.of(), 0, "", "", Buffer.buffer()));
    all.add(new ProcessSubmit(MAX_TEXT, List.of("", MAX_TEXT, "ünïcödé"), Integer.MAX_VALUE, MAX_TEXT, MAX_TEXT,
        bytes(1 << 20, 6)));
    all.add(new ProcessSubmit("elf", List.of(), 1, "spread", "c", Buffer.buffer(new byte[Limits.IMAGE_MAX_BYTES])));
    all.add(new ProcessOutput(Long.MAX_VALUE, ProcessStream.STDERR, Buffer.buffer()));
    all.add(new ProcessOutput(Long.MIN_VALUE, ProcessStream.STDOUT, bytes(Limits.OUTPUT_MAX_BYTES, 7)));
    all.add(new StatusReply("", "", "", "", "", Long.MIN_VALUE, Map.of()));
    Map<String, Long> counters = new LinkedHashMap<>();
    for (int i = 0; i < Limits.COUNTERS_MAX; i++) {
      counters.put(i == 0 ? "k".repeat(Limits.COUNTER_KEY_MAX_BYTES) : "counter." + i, (long) i - 512);
    }
    all.add(new StatusReply(MAX_TEXT, MAX_NODE_ID, MAX_TEXT, MAX_TEXT, MAX_TEXT, Long.MAX_VALUE, counters));
    return all;
  }
}
