package io.skillbox.gateway.broker;

/**
 * A request the broker answers with an error instead of serving it; becomes {@code {"error", "fix"}}
 * with {@code status}. The event (if any) has been recorded where the refusal was decided.
 */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String fix;

    Refusal(int status, String error, String fix) {
        super(error, null, false, false);
        this.status = status;
        this.fix = fix;
    }

    int status() {
        return status;
    }

    String error() {
        return getMessage();
    }

    String fix() {
        return fix;
    }
}
