/**
 * The manifest as a behaviour contract. What a skill declares (its resources, and its network hosts once
 * the egress proxy lands) is what it may do; every attempt outside it that skillbox observes is a
 * contract violation, recorded on the run result and in the audit log and counted per bundle, so that the
 * policy can revoke a skill automatically after {@code contract.revokeAfter} violations.
 */
package io.skillbox.core.contract;
