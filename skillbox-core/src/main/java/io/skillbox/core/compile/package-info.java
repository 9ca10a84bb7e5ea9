/**
 * The policy compiler: the only place where a skill's requests meet the operator's ceilings. It turns
 * a bundle, a policy and the host's layout into a {@link io.skillbox.spec.SandboxSpec}, or into every
 * violation at once.
 */
package io.skillbox.core.compile;
