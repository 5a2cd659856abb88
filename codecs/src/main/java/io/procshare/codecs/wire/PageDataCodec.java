package io.procshare.codecs.wire;

import io.procshare.codecs.PageData;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link PageData}: the wire form is its frame ({@link PageDataFlyweight}).
 * Local delivery deep-copies every buffer.
 */
public final class PageDataCodec extends FrameCodec<PageData> {

  public static final PageDataCodec INSTANCE = new PageDataCodec();

  public PageDataCodec() {
    super(PageData.class, PageDataFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(PageData message) {
    return PageDataFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, PageData message) {
    PageDataFlyweight.encode(dst, message);
  }

  @Override
  public PageData decode(Buffer src, int offset) {
    return new PageDataFlyweight().wrap(src, offset).toMessage();
  }

  /** Copies the page: a local receiver must not share a page its sender may still mutate. */
  @Override
  public PageData transform(PageData message) {
    return message.withData(message.data().copy());
  }
}
