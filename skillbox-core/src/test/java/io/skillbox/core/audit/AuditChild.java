package io.skillbox.core.audit;

import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main class of the child JVMs the tests start (see {@link ChildJvm}). It prints {@code ready}, waits
 * for a line on stdin, then either
 * <ul>
 *   <li>{@code append LOG KEYFILE POLICY EVERY COUNT NAME}: appends COUNT entries, or when COUNT is
 *       negative until the next line or the end of stdin, closes the log and prints {@code done}; or
 *   <li>{@code lock LOG}: holds an exclusive lock on LOG until stdin ends.
 * </ul>
 */
public final class AuditChild {
    private AuditChild() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Path log = Path.of(args[1]);
        if (args[0].equals("lock")) {
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                System.out.println("ready");
                System.out.flush();
                in.readLine();
            }
            return;
        }
        HostKey key = HostKey.load(Path.of(args[2]));
        AuditOptions options = new AuditOptions(FsyncPolicy.valueOf(args[3]), Integer.parseInt(args[4]));
        long count = Long.parseLong(args[5]);
        String name = args[6];
        try (AuditLog audit = AuditLog.open(log, key, options)) {
            System.out.println("ready");
            System.out.flush();
            in.readLine();
            AtomicBoolean stop = new AtomicBoolean();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    in.readLine();
                } catch (IOException e) {
                    e.printStackTrace();
                } finally {
                    stop.set(true);
                }
            });
            for (long i = 0; count < 0 ? !stop.get() : i < count; i++) {
                audit.append("test.child", name, Json.json().createObjectNode().put("writer", name).put("i", i));
            }
        }
        System.out.println("done");
    }
}
