package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Access;
import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.PageRequest;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link PageRequest} (type 1). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=1, flags=0, length
 *   8        8    pid          i64
 *  16        8    page         i64  virtual page number
 *  24        8    requestId    i64
 *  32        8    mapVersion   i64
 *  40        1    access       u8   1 READ, 2 WRITE
 *  41      2+n    requester    u16 n (&lt;= 255), n bytes UTF-8
 * </pre>
 */
public final class PageRequestFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int PAGE_OFFSET = PID_OFFSET + 8;
  public static final int REQUEST_ID_OFFSET = PAGE_OFFSET + 8;
  public static final int MAP_VERSION_OFFSET = REQUEST_ID_OFFSET + 8;
  public static final int ACCESS_OFFSET = MAP_VERSION_OFFSET + 8;
  public static final int REQUESTER_OFFSET = ACCESS_OFFSET + 1;
  public static final int MAX_FRAME_LENGTH = REQUESTER_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES;

  private String requester;

  /** Points at the frame at {@code offset}, validating all of it. */
  public PageRequestFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.PAGE_REQUEST);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("page", PAGE_OFFSET, 8);
    r.fixed("requestId", REQUEST_ID_OFFSET, 8);
    r.fixed("mapVersion", MAP_VERSION_OFFSET, 8);
    r.fixedEnum("access", ACCESS_OFFSET, Access::isValid, Access.EXPECTED);
    requester = r.string("requester", Limits.NODE_ID_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long page() { return buffer.getLong(offset + PAGE_OFFSET); }

  public long requestId() { return buffer.getLong(offset + REQUEST_ID_OFFSET); }

  public long mapVersion() { return buffer.getLong(offset + MAP_VERSION_OFFSET); }

  public byte access() { return buffer.getByte(offset + ACCESS_OFFSET); }

  public String requester() { return requester; }

  public PageRequest toMessage() {
    return new PageRequest(pid(), page(), requester(), access(), requestId(), mapVersion());
  }

  public static int encodedLength(PageRequest m) {
    return REQUESTER_OFFSET + FrameWriter.stringLength(m.requester());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, PageRequest m) {
    FrameHeader.encode(dst, MessageType.PAGE_REQUEST, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.page()).appendLong(m.requestId()).appendLong(m.mapVersion())
        .appendByte(m.access());
    FrameWriter.string(dst, m.requester());
  }
}
