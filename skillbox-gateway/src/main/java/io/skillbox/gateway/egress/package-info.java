/**
 * The egress allowlist proxy: the one listener inside an {@code allowlist} run's network namespace, and so
 * the only way its skill reaches anything. It speaks HTTP forward and CONNECT, lets through the
 * {@code host:port} patterns of the run's allowlist, resolves names itself and connects only to addresses
 * that {@link io.skillbox.gateway.egress.AddressGuard} passes (DNS-rebinding safe), enforces the run's
 * connection, byte and header limits, and reports every decision with the run id:
 * <ul>
 *   <li>{@code network.allowed} {host, port, address, kind}: {@code kind} is {@code forward} or {@code connect};
 *   <li>{@code network.denied} {host, port, kind, reason, detail}: {@code reason} is one of
 *       {@code not-allowlisted}, {@code blocked-address}, {@code host-mismatch}, {@code resolve-failed},
 *       {@code limit-connections}, {@code limit-bytes}, {@code bad-request}; host and port are left out
 *       when the request never named them (a malformed request, the run's byte budget).
 * </ul>
 * No event carries a request's body or headers; a Host header that contradicts the URI is named only in
 * its parsed {@code host:port} form.
 */
package io.skillbox.gateway.egress;
