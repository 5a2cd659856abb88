package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.ThreadStart;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link ThreadStart} (type 10). Big-endian. {@link #context()} is a slice of the wrapped
 * buffer.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=10, flags=0, length
 *   8        8    pid              i64
 *  16        8    gtid             i64
 *  24        8    arg              i64
 *  32        8    stackTop         i64
 *  40        8    tls              i64
 *  48        8    childTidAddress  i64
 *  56      2+n    node             u16 n (&lt;= 255), n bytes UTF-8
 *   .      2+m    entry            u16 m (&lt;= 4096), m bytes UTF-8
 *   .      4+c    context          i32 c (0..4096), c bytes
 * </pre>
 */
public final class ThreadStartFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int GTID_OFFSET = PID_OFFSET + 8;
  public static final int ARG_OFFSET = GTID_OFFSET + 8;
  public static final int STACK_TOP_OFFSET = ARG_OFFSET + 8;
  public static final int TLS_OFFSET = STACK_TOP_OFFSET + 8;
  public static final int CHILD_TID_ADDRESS_OFFSET = TLS_OFFSET + 8;
  public static final int NODE_OFFSET = CHILD_TID_ADDRESS_OFFSET + 8;
  public static final int MAX_FRAME_LENGTH = NODE_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES
      + 2 + Limits.STRING_MAX_BYTES + 4 + Limits.CONTEXT_MAX_BYTES;

  private String node;
  private String entry;
  private Buffer context;

  /** Points at the frame at {@code offset}, validating all of it. */
  public ThreadStartFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.THREAD_START);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("gtid", GTID_OFFSET, 8);
    r.fixed("arg", ARG_OFFSET, 8);
    r.fixed("stackTop", STACK_TOP_OFFSET, 8);
    r.fixed("tls", TLS_OFFSET, 8);
    r.fixed("childTidAddress", CHILD_TID_ADDRESS_OFFSET, 8);
    node = r.string("node", Limits.NODE_ID_MAX_BYTES);
    entry = r.string("entry", Limits.STRING_MAX_BYTES);
    context = r.bytes("context", Limits.CONTEXT_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long gtid() { return buffer.getLong(offset + GTID_OFFSET); }

  public long arg() { return buffer.getLong(offset + ARG_OFFSET); }

  public long stackTop() { return buffer.getLong(offset + STACK_TOP_OFFSET); }

  public long tls() { return buffer.getLong(offset + TLS_OFFSET); }

  public long childTidAddress() { return buffer.getLong(offset + CHILD_TID_ADDRESS_OFFSET); }

  public String node() { return node; }

  public String entry() { return entry; }

  public Buffer context() { return context; }

  public ThreadStart toMessage() {
    return new ThreadStart(pid(), gtid(), node(), entry(), arg(), stackTop(), tls(), childTidAddress(), context());
  }

  public static int encodedLength(ThreadStart m) {
    return NODE_OFFSET + FrameWriter.stringLength(m.node()) + FrameWriter.stringLength(m.entry())
        + FrameWriter.bytesLength(m.context());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, ThreadStart m) {
    FrameHeader.encode(dst, MessageType.THREAD_START, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.gtid()).appendLong(m.arg()).appendLong(m.stackTop())
        .appendLong(m.tls()).appendLong(m.childTidAddress());
    FrameWriter.string(dst, m.node());
    FrameWriter.string(dst, m.entry());
    FrameWriter.bytes(dst, m.context());
  }
}
