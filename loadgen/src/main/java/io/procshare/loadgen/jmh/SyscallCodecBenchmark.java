package io.procshare.loadgen.jmh;

import io.procshare.codecs.ShippedBytes;
import io.procshare.codecs.SyscallReply;
import io.procshare.codecs.SyscallRequest;
import io.procshare.codecs.wire.SyscallReplyCodec;
import io.procshare.codecs.wire.SyscallRequestCodec;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The forwarded-syscall hot path (DESIGN §6): a request with {@code shippedBytes} of argument
 * memory (0 = nothing shipped, 64 = a path, 4096 = a write buffer) and the reply shipping the same
 * amount back, each through its MessageCodec with a reused wire buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyscallCodecBenchmark {

  @Param({"0", "64", "4096"})
  public int shippedBytes;

  private final SyscallRequestCodec requestCodec = SyscallRequestCodec.INSTANCE;
  private final SyscallReplyCodec replyCodec = SyscallReplyCodec.INSTANCE;
  private final WireBuffer wire = new WireBuffer(16384);
  private SyscallRequest request;
  private SyscallReply reply;

  @Setup
  public void setUp() {
    List<ShippedBytes> shipped = List.of();
    if (shippedBytes > 0) {
      Buffer bytes = Buffer.buffer(shippedBytes);
      for (int i = 0; i < shippedBytes; i++) {
        bytes.appendByte((byte) ('a' + i % 26));
      }
      shipped = List.of(new ShippedBytes(0x4000_1000L, bytes));
    }
    request = new SyscallRequest(7, 3, 1234, 64, new long[] {1, 0x4000_1000L, shippedBytes, 0, 0, 0}, 0, shipped);
    reply = new SyscallReply(7, 3, 1234, shippedBytes, 0, shipped);
  }

  @Benchmark
  public SyscallRequest requestEncodeDecode() {
    Buffer buffer = wire.reset();
    requestCodec.encodeToWire(buffer, request);
    return requestCodec.decodeFromWire(0, buffer);
  }

  @Benchmark
  public SyscallReply replyEncodeDecode() {
    Buffer buffer = wire.reset();
    replyCodec.encodeToWire(buffer, reply);
    return replyCodec.decodeFromWire(0, buffer);
  }
}
