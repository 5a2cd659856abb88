package io.procshare.loadgen.jmh;

import io.procshare.codecs.Limits;
import io.procshare.codecs.PageData;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.codecs.wire.PageDataCodec;
import io.vertx.core.buffer.Buffer;
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
 * The page-transfer hot path of the coherence protocol: a PageData through its MessageCodec, as the
 * clustered event bus does it. encodeToWire copies the 4 KiB page once into a reused wire buffer;
 * decodeFromWire slices it (no copy). {@code kind} DATA carries a page, ZERO_FILL none.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PageDataCodecBenchmark {

  @Param({"DATA", "ZERO_FILL"})
  public String kind;

  private final PageDataCodec codec = PageDataCodec.INSTANCE;
  private final WireBuffer wire = new WireBuffer(8192);
  private PageData message;

  @Setup
  public void setUp() {
    boolean data = kind.equals("DATA");
    Buffer page = Buffer.buffer(data ? Limits.PAGE_SIZE : 0);
    for (int i = 0; data && i < Limits.PAGE_SIZE; i++) {
      page.appendByte((byte) i);
    }
    message = new PageData(7, 0x7fff0, 42, PageStatus.OK, PageState.READ_WRITE,
        data ? PageKind.DATA : PageKind.ZERO_FILL, 3, page);
  }

  @Benchmark
  public PageData encodeDecode() {
    Buffer buffer = wire.reset();
    codec.encodeToWire(buffer, message);
    return codec.decodeFromWire(0, buffer);
  }
}
