package io.skillbox.linux.cgroup;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;

/**
 * A cgroup operation failed or cgroups cannot be used on this host. Carries the file involved and the
 * errno when the kernel gave one, so callers can tell "already gone" (ENOENT) from "still busy" (EBUSY).
 */
public final class CgroupException extends SkillboxException {
    private static final long serialVersionUID = 1L;

    /** errno was not available (the JDK reported the failure without one). */
    public static final int UNKNOWN_ERRNO = 0;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EROFS = 30;

    private final String path;
    private final int errno;

    public CgroupException(ErrorCode code, String message, String path, int errno, Throwable cause) {
        super(code, message, cause);
        this.path = path;
        this.errno = errno;
    }

    /** A failed file operation on {@code path}: skillbox or the host is at fault, not the skill. */
    public static CgroupException io(String operation, Object path, int errno, String reason) {
        return io(operation, path, errno, reason, null);
    }

    static CgroupException io(String operation, Object path, int errno, String reason, Throwable cause) {
        String suffix = errno == UNKNOWN_ERRNO ? reason : "errno " + errno + ", " + reason;
        return new CgroupException(ErrorCode.INTERNAL, operation + " " + path + " failed (" + suffix + ")",
                String.valueOf(path), errno, cause);
    }

    /** cgroups cannot enforce limits here; the run is refused rather than weakened. */
    public static CgroupException unavailable(String reason) {
        return new CgroupException(ErrorCode.BACKEND_UNAVAILABLE, reason, "", UNKNOWN_ERRNO, null);
    }

    /** A cgroup invariant failed (processes survived a kill, a run cgroup already exists...). */
    public static CgroupException state(String message, Object path) {
        return new CgroupException(ErrorCode.INTERNAL, message, String.valueOf(path), UNKNOWN_ERRNO, null);
    }

    /** The file or directory the failure is about; empty when it is about the host as a whole. */
    public String path() {
        return path;
    }

    /** The kernel's errno, or {@link #UNKNOWN_ERRNO}. */
    public int errno() {
        return errno;
    }
}
