/** Wire formats of procshare: one flyweight and one Vert.x MessageCodec per message type. */
package io.procshare.codecs;
