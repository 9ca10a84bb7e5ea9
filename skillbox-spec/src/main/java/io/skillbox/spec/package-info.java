/**
 * The sandbox IR: one immutable, backend-neutral description of a run, produced only by the
 * policy compiler and read by every backend; nothing downstream reads the manifest or policy again.
 */
package io.skillbox.spec;
