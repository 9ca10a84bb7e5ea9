/**
 * What outlives a run: the audit log entries of every step, the behaviour-contract ledger and automatic
 * revocation, the run records and the signed forensics bundles, all under the policy's state directory
 * ({@link io.skillbox.core.oversight.StateLayout}). {@link io.skillbox.core.oversight.Oversight} is called by
 * {@link io.skillbox.core.run.Skillbox} at each step of a run; it fails closed: a run whose start cannot
 * be audited does not start.
 */
package io.skillbox.core.oversight;
