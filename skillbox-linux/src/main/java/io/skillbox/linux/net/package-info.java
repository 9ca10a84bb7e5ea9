/**
 * Network namespaces skillbox makes for runs whose network the host serves ({@code broker},
 * {@code allowlist}): only loopback inside, with the host's listeners bound there and nothing else.
 */
package io.skillbox.linux.net;
