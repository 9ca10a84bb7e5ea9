package io.skillbox.linux.cgroup;

import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.NativeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link CgroupFs} on the real host: NIO for reads and directories, libc for writes and flock. */
final class HostCgroupFs implements CgroupFs {

    @Override
    public String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw translate("read", file, e);
        }
    }

    /** Through libc rather than NIO so the kernel's errno (EINVAL, EBUSY, ESRCH...) reaches the message. */
    @Override
    public void write(Path file, String value) {
        int fd;
        try {
            fd = Libc.open(file.toString(), Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        } catch (NativeException e) {
            throw fromNative("open", file, e);
        }
        try {
            Libc.writeFully(fd, value.getBytes(StandardCharsets.UTF_8));
        } catch (NativeException e) {
            throw fromNative("write '" + value + "' to", file, e);
        } finally {
            Libc.closeQuietly(fd);
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean writable(Path path) {
        return Files.isWritable(path);
    }

    @Override
    public boolean mkdir(Path dir) {
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw translate("mkdir", dir, e);
        }
    }

    @Override
    public void rmdir(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            // Files.delete would unlink a regular file; a cgroup is always a directory.
            throw CgroupException.io("rmdir", dir, CgroupException.ENOENT, "no such cgroup directory");
        }
        try {
            Files.delete(dir);
        } catch (IOException e) {
            throw translate("rmdir", dir, e);
        }
    }

    @Override
    public List<String> listDirs(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw translate("list", dir, e);
        }
    }

    @Override
    public Optional<DirLock> tryLock(Path dir, boolean exclusive) {
        int fd;
        try {
            fd = Libc.open(dir.toString(), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        } catch (NativeException e) {
            throw fromNative("open", dir, e);
        }
        boolean locked;
        try {
            locked = Libc.flock(fd, (exclusive ? Libc.LOCK_EX : Libc.LOCK_SH) | Libc.LOCK_NB);
        } catch (NativeException e) {
            Libc.closeQuietly(fd);
            throw fromNative("flock", dir, e);
        }
        if (!locked) {
            Libc.closeQuietly(fd);
            return Optional.empty();
        }
        // Closing the only descriptor of the open file description releases the flock.
        return Optional.of(() -> Libc.close(fd));
    }

    @Override
    public void kill(int pid) {
        try {
            Libc.kill(pid, Libc.SIGKILL);
        } catch (NativeException e) {
            throw fromNative("kill -9", pid, e);
        }
    }

    private static CgroupException fromNative(String operation, Object path, NativeException e) {
        // NativeException's message ends with "(<strerror-like text>)"; keep only that part.
        String message = e.getMessage();
        int open = message.lastIndexOf('(');
        String reason = open >= 0 && message.endsWith(")") ? message.substring(open + 1, message.length() - 1) : message;
        return CgroupException.io(operation, path, e.errno(), reason, e);
    }

    /** NIO hides errno; recover the ones the drivers branch on from the exception type. */
    private static CgroupException translate(String operation, Path path, IOException e) {
        int errno = switch (e) {
            case NoSuchFileException ignored -> CgroupException.ENOENT;
            case AccessDeniedException ignored -> CgroupException.EACCES;
            case FileAlreadyExistsException ignored -> CgroupException.EEXIST;
            default -> CgroupException.UNKNOWN_ERRNO;
        };
        String reason = e instanceof FileSystemException fse && fse.getReason() != null
                ? fse.getReason() : e.toString();
        return CgroupException.io(operation, path, errno, reason, e);
    }
}
