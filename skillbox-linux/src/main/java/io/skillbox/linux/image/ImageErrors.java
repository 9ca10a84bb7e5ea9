package io.skillbox.linux.image;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.util.List;

/**
 * The refusals of this package. A malformed or unsupported image is {@link ErrorCode#INVALID_MANIFEST};
 * content that does not match its digest, escapes the root or exceeds a limit is
 * {@link ErrorCode#UNSAFE_BUNDLE}; a host failure (the cache directory) is {@link ErrorCode#INTERNAL}.
 * Every message names the file inside the image and says how to fix it.
 */
final class ImageErrors {
    private ImageErrors() {}

    /** The image is malformed, incomplete or uses something this reader does not support. */
    static SkillboxException malformed(String file, String problem, String fix) {
        return refusal(ErrorCode.INVALID_MANIFEST, file, problem, fix, null);
    }

    static SkillboxException malformed(String file, String problem, String fix, Throwable cause) {
        return refusal(ErrorCode.INVALID_MANIFEST, file, problem, fix, cause);
    }

    /** The image's content cannot be trusted or would escape its root. */
    static SkillboxException unsafe(String file, String problem, String fix) {
        return refusal(ErrorCode.UNSAFE_BUNDLE, file, problem, fix, null);
    }

    /** A blob whose hash is not the digest that names it. */
    static SkillboxException digestMismatch(String file, String kind, Digest expected, Digest actual) {
        return unsafe(file, kind + " has digest " + actual + " but the image says " + expected,
                "the image is corrupt or was modified; export it again (e.g. `docker save` or `skopeo copy`)");
    }

    /** The host failed, e.g. the cache directory is not writable. */
    static SkillboxException internal(String what, Throwable cause) {
        return new SkillboxException(ErrorCode.INTERNAL, what + ": " + cause.getMessage(), cause);
    }

    private static SkillboxException refusal(ErrorCode code, String file, String problem, String fix,
            Throwable cause) {
        return new SkillboxException(code, "image file " + file + ": " + problem + " (fix: " + fix + ")",
                List.of(new Violation(file, problem, fix)), cause);
    }
}
