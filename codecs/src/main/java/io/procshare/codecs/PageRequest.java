package io.procshare.codecs;

/**
 * Faulting node to manager (the process's home): "I need page {@code page} of process {@code pid}
 * for {@code access}" (DESIGN §5). Requests for one page are serialised at the manager.
 *
 * @param pid        process id
 * @param page       virtual page number (guest address / 4096)
 * @param requester  node id of the faulting node, at most 255 UTF-8 bytes
 * @param access     {@link Access#READ} or {@link Access#WRITE}
 * @param requestId  id chosen by the requester, echoed in the {@link PageData} reply
 * @param mapVersion version of the address-space map the requester checked the fault against
 */
public record PageRequest(long pid, long page, String requester, byte access, long requestId, long mapVersion)
    implements ProcshareMessage {

  public PageRequest {
    Check.nodeId(requester, "requester");
    Check.valid(Access.isValid(access), "access", access, Access.EXPECTED);
  }

  @Override
  public int messageType() {
    return MessageType.PAGE_REQUEST;
  }
}
