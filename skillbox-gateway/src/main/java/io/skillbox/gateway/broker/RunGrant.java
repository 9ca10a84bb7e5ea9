package io.skillbox.gateway.broker;

import io.skillbox.gateway.token.TokenClaims;

/**
 * What a run is given when the broker admits it: the token the sandbox presents, and what it says (for
 * the run record; the token itself is never logged).
 */
public record RunGrant(String token, TokenClaims claims) {}
