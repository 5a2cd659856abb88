/** procshare node. */
package io.procshare.node;
