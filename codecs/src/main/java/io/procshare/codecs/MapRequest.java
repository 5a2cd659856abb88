package io.procshare.codecs;

/**
 * Node to home: "send me the address-space map of process {@code pid}". Sent when a node opens the
 * process (it then becomes a participant that every shootdown reaches) and whenever its copy may be
 * stale (DESIGN §5). Answered with a {@link MapSnapshot}.
 *
 * @param pid     process id
 * @param version the map version the node holds (0: none)
 * @param node    node id of the asking node, at most 255 UTF-8 bytes
 */
public record MapRequest(long pid, long version, String node) implements ProcshareMessage {

  public MapRequest {
    Check.nodeId(node, "node");
  }

  @Override
  public int messageType() {
    return MessageType.MAP_REQUEST;
  }
}
