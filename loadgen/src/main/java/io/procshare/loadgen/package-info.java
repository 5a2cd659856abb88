/** procshare loadgen. */
package io.procshare.loadgen;
