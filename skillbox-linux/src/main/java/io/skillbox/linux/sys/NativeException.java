package io.skillbox.linux.sys;

/** A libc call failed; carries the errno and what was being attempted. */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;

    private final int errno;

    public NativeException(String operation, int errno) {
        super(operation + " failed: errno " + errno + " (" + describe(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    private static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted";
            case ENOENT -> "no such file or directory";
            case ESRCH -> "no such process";
            case EINTR -> "interrupted";
            case EBADF -> "bad file descriptor";
            case ECHILD -> "no child process";
            case EAGAIN -> "resource temporarily unavailable";
            case EACCES -> "permission denied";
            case EBUSY -> "device or resource busy";
            case EEXIST -> "file exists";
            case EINVAL -> "invalid argument";
            case ENOSPC -> "no space left on device";
            default -> "see errno(3)";
        };
    }
}
