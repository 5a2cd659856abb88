package io.procshare.codecs;

/**
 * Client to a node: report your status ({@code procshare status}).
 *
 * @param requestId id echoed by the caller's reply handling
 * @param detail    level of detail wanted; free-form for now, 0 = summary
 */
public record StatusRequest(long requestId, byte detail) implements ProcshareMessage {

  @Override
  public int messageType() {
    return MessageType.STATUS_REQUEST;
  }
}
