package io.skillbox.core.audit;

/** A line, checkpoint or head file that is not in the exact form the writer produces. */
final class MalformedEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEntryException(String message) {
        super(message);
    }
}
