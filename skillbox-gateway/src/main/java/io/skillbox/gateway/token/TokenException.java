package io.skillbox.gateway.token;

/**
 * A token was refused. The reason is short, names no secret and no part of the token, and is safe to
 * send back in a 401 body: a caller learns what to fix, not how close a forgery came.
 */
public final class TokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public TokenException(String reason) {
        super(reason, null, false, false);
    }

    /** The reason, e.g. {@code token expired}. */
    public String reason() {
        return getMessage();
    }
}
