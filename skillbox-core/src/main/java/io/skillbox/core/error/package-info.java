/** The one exception hierarchy: every failure carries a stable {@link io.skillbox.core.error.ErrorCode}. */
package io.skillbox.core.error;
