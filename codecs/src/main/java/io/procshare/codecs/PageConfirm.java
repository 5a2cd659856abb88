package io.procshare.codecs;

/**
 * Requester to manager: the page is installed in {@code state}; the manager updates the copyset and
 * owner and serves the next request for the page (DESIGN §5).
 *
 * @param pid       process id
 * @param page      virtual page number
 * @param requestId the request being confirmed
 * @param node      node id of the confirming node, at most 255 UTF-8 bytes
 * @param state     {@link PageState#READ_ONLY} or {@link PageState#READ_WRITE}
 */
public record PageConfirm(long pid, long page, long requestId, String node, byte state)
    implements ProcshareMessage {

  public PageConfirm {
    Check.nodeId(node, "node");
    Check.valid(PageState.isValid(state), "state", state, PageState.EXPECTED);
  }

  @Override
  public int messageType() {
    return MessageType.PAGE_CONFIRM;
  }
}
