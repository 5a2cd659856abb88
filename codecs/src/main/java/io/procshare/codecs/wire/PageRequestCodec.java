package io.procshare.codecs.wire;

import io.procshare.codecs.PageRequest;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link PageRequest}: the wire form is its frame ({@link PageRequestFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class PageRequestCodec extends FrameCodec<PageRequest> {

  public static final PageRequestCodec INSTANCE = new PageRequestCodec();

  public PageRequestCodec() {
    super(PageRequest.class, PageRequestFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(PageRequest message) {
    return PageRequestFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, PageRequest message) {
    PageRequestFlyweight.encode(dst, message);
  }

  @Override
  public PageRequest decode(Buffer src, int offset) {
    return new PageRequestFlyweight().wrap(src, offset).toMessage();
  }
}
