/**
 * Bundle integrity and trust: a deterministic content hash of a bundle, Ed25519 signatures over it, the
 * policy's trust levels, publishers and revocations, and the decision, made before every run, of which
 * trust level a bundle gets (or that it is refused).
 */
package io.skillbox.core.trust;
