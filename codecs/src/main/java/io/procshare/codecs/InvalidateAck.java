package io.procshare.codecs;

/**
 * Holder to manager: the copy of page {@code page} is gone. The manager grants the write only after
 * every ack (DESIGN §5).
 *
 * @param pid       process id
 * @param page      virtual page number
 * @param requestId the request id of the {@link Invalidate}
 * @param node      node id of the acking node, at most 255 UTF-8 bytes
 */
public record InvalidateAck(long pid, long page, long requestId, String node) implements ProcshareMessage {

  public InvalidateAck {
    Check.nodeId(node, "node");
  }

  @Override
  public int messageType() {
    return MessageType.INVALIDATE_ACK;
  }
}
