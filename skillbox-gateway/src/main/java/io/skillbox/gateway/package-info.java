/**
 * The only way out of a sandbox: the egress allowlist proxy ({@code egress}), the credential broker
 * ({@code broker}) with its scoped tokens ({@code token}) and secret store ({@code secrets}), on Netty.
 * {@link io.skillbox.gateway.Gateway} ties them to runs as a {@link io.skillbox.core.network.NetworkGateway}.
 */
package io.skillbox.gateway;
