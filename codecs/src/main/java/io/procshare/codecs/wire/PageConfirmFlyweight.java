package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.PageConfirm;
import io.procshare.codecs.PageState;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link PageConfirm} (type 4). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=4, flags=0, length
 *   8        8    pid          i64
 *  16        8    page         i64  virtual page number
 *  24        8    requestId    i64
 *  32        1    state        u8   1 READ_ONLY, 2 READ_WRITE
 *  33      2+n    node         u16 n (&lt;= 255), n bytes UTF-8
 * </pre>
 */
public final class PageConfirmFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int PAGE_OFFSET = PID_OFFSET + 8;
  public static final int REQUEST_ID_OFFSET = PAGE_OFFSET + 8;
  public static final int STATE_OFFSET = REQUEST_ID_OFFSET + 8;
  public static final int NODE_OFFSET = STATE_OFFSET + 1;
  public static final int MAX_FRAME_LENGTH = NODE_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES;

  private String node;

  /** Points at the frame at {@code offset}, validating all of it. */
  public PageConfirmFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.PAGE_CONFIRM);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("page", PAGE_OFFSET, 8);
    r.fixed("requestId", REQUEST_ID_OFFSET, 8);
    r.fixedEnum("state", STATE_OFFSET, PageState::isValid, PageState.EXPECTED);
    node = r.string("node", Limits.NODE_ID_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long page() { return buffer.getLong(offset + PAGE_OFFSET); }

  public long requestId() { return buffer.getLong(offset + REQUEST_ID_OFFSET); }

  public byte state() { return buffer.getByte(offset + STATE_OFFSET); }

  public String node() { return node; }

  public PageConfirm toMessage() {
    return new PageConfirm(pid(), page(), requestId(), node(), state());
  }

  public static int encodedLength(PageConfirm m) {
    return NODE_OFFSET + FrameWriter.stringLength(m.node());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, PageConfirm m) {
    FrameHeader.encode(dst, MessageType.PAGE_CONFIRM, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.page()).appendLong(m.requestId()).appendByte(m.state());
    FrameWriter.string(dst, m.node());
  }
}
