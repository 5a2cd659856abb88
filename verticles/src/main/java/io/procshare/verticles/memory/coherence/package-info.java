/**
 * The page coherence protocol as a sans-IO state machine (DESIGN §5): {@link
 * io.procshare.verticles.memory.coherence.PageManager} runs on a process's home and serialises the
 * requests for each page; {@link io.procshare.verticles.memory.coherence.PageNode} runs on every node
 * and holds the page table. Both take one input (a message, a guest access, a timer tick with an
 * explicit {@code now}, a membership change) and return the {@link
 * io.procshare.verticles.memory.coherence.Envelope}s to send. No Vert.x type, thread or clock inside:
 * the verticles move the messages, the simulator in the tests runs many nodes in one thread.
 */
package io.procshare.verticles.memory.coherence;
