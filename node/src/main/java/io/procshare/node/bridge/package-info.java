/**
 * The bridge, a node's front door for clients (DESIGN §8, issue 15): {@link io.procshare.node.bridge.ClientBridge}
 * serves the Vert.x TCP event-bus bridge's framing, bounded by {@link io.procshare.node.bridge.BridgeFrameDecoder}
 * and {@link io.procshare.node.bridge.BridgeLimits}; {@link io.procshare.node.bridge.BridgeSession} decides what
 * each frame of a connection may do; {@link io.procshare.node.bridge.ClientAddresses} is the one list of the
 * addresses clients may use.
 */
package io.procshare.node.bridge;
