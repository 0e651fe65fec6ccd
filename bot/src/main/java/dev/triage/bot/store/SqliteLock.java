package dev.triage.bot.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One bot process per SQLite file: an exclusive lock on {@code FILE.lock} beside the database, held while the
 * bot runs. The operating system releases it when the process ends, even by SIGKILL, so a restart is never
 * blocked by a stale lock; a second bot on the same file is refused with a message that names PostgreSQL.
 */
final class SqliteLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Null for an in-memory database (nothing to share). */
    static SqliteLock acquire(String url) {
        String path = Database.sqlitePath(url);
        if (path == null) {
            return null;
        }
        Path file = Path.of(path + ".lock").toAbsolutePath();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException inThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new StoreException("Another Triage bot" + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + " already runs on the SQLite store " + path + ". SQLite serves one bot process; to run several "
                        + "replicas, give them one PostgreSQL: store: {url: jdbc:postgresql://HOST:5432/triage} (README: "
                        + "\"Several replicas\").", null);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            return new SqliteLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("can't lock the SQLite store " + path + " (" + file + "): " + e.getMessage(), e);
        }
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            int n = channel.read(b, 0);
            return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
