package io.procshare.codecs;

/**
 * Manager to a holder of a copy: drop page {@code page} because {@code newOwner} is about to write
 * it. The holder acks only after no access to the page is in flight (DESIGN §5).
 *
 * @param pid       process id
 * @param page      virtual page number
 * @param requestId the write request that caused the invalidation
 * @param newOwner  node id of the writer, at most 255 UTF-8 bytes
 */
public record Invalidate(long pid, long page, long requestId, String newOwner) implements ProcshareMessage {

  public Invalidate {
    Check.nodeId(newOwner, "newOwner");
  }

  @Override
  public int messageType() {
    return MessageType.INVALIDATE;
  }
}
