/** procshare verticles. */
package io.procshare.verticles;
