package io.procshare.codecs;

/**
 * Manager to owner: "send page {@code page} to {@code requester}" (DESIGN §5). The owner downgrades
 * READ_WRITE to READ_ONLY for a read and answers the requester directly with a {@link PageData}.
 *
 * @param pid       process id
 * @param page      virtual page number
 * @param requester node id to send the page to, at most 255 UTF-8 bytes
 * @param access    {@link Access#READ} or {@link Access#WRITE}
 * @param requestId the requester's request id, echoed in the {@link PageData}
 */
public record PageForward(long pid, long page, String requester, byte access, long requestId)
    implements ProcshareMessage {

  public PageForward {
    Check.nodeId(requester, "requester");
    Check.valid(Access.isValid(access), "access", access, Access.EXPECTED);
  }

  @Override
  public int messageType() {
    return MessageType.PAGE_FORWARD;
  }
}
