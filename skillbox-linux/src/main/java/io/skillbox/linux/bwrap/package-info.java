/**
 * The namespaces tier: a {@link io.skillbox.spec.SandboxSpec} lowered to a bubblewrap invocation
 * (pure, golden-tested) and launched with every host path and secret passed as a file descriptor.
 */
package io.skillbox.linux.bwrap;
