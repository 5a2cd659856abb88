package io.procshare.codecs.wire;

import io.procshare.codecs.MapRequest;
import io.vertx.core.buffer.Buffer;

/**
 * Event-bus codec of {@link MapRequest}: the wire form is its frame ({@link MapRequestFlyweight}).
 * Holds no buffer, so local delivery passes the (immutable) message itself.
 */
public final class MapRequestCodec extends FrameCodec<MapRequest> {

  public static final MapRequestCodec INSTANCE = new MapRequestCodec();

  public MapRequestCodec() {
    super(MapRequest.class, MapRequestFlyweight.MAX_FRAME_LENGTH);
  }

  @Override
  public int encodedLength(MapRequest message) {
    return MapRequestFlyweight.encodedLength(message);
  }

  @Override
  public void encode(Buffer dst, MapRequest message) {
    MapRequestFlyweight.encode(dst, message);
  }

  @Override
  public MapRequest decode(Buffer src, int offset) {
    return new MapRequestFlyweight().wrap(src, offset).toMessage();
  }
}
