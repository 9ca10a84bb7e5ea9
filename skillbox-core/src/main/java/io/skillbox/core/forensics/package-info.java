/**
 * Signed forensics bundles: a zip of what a run left behind (its record, output, spec, audit lines
 * and a capped copy of {@code /work}) with a manifest of every entry's SHA-256, signed by the host key,
 * and the verifier that checks such a zip without trusting anything in it.
 */
package io.skillbox.core.forensics;
