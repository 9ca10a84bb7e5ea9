/**
 * The broker's bearer tokens: compact JWS (EdDSA over Ed25519) that carry an agent's or a run's
 * capabilities, so every brokered request is checked by signature and expiry alone, without a lookup.
 */
package io.skillbox.gateway.token;
