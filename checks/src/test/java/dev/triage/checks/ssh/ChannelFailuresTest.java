package dev.triage.checks.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a real sshd can't be made to do on cue — a channel that throws, or hangs, when it is closed after its command
 * ended — with Mockito over sshj's own types: the command's result stands, the close is bounded by the close wait, and
 * the connection is kept (a failed close says nothing about the connection).
 */
class ChannelFailuresTest {
    private final IoThreads io = new IoThreads("test-ssh-io");
    private final CommandRunner runner = new CommandRunner(io, new SshStats(), 64 * 1024, Duration.ofSeconds(1), Duration.ofMillis(300));
    private final ConnectionKey key = new ConnectionKey("triage", "127.0.0.1", 22, "key", Path.of("/dev/null"));
    private final RemoteCommand remote = new RemoteCommand("systemctl is-active api", Duration.ofSeconds(5), Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        io.shutdown(Duration.ofSeconds(1));
    }

    private Session.Command finishedCommand() throws Exception {
        Session.Command command = mock(Session.Command.class);
        when(command.getInputStream()).thenReturn(new ByteArrayInputStream("active\n".getBytes(StandardCharsets.UTF_8)));
        when(command.getErrorStream()).thenReturn(new ByteArrayInputStream(new byte[0]));
        when(command.getExitStatus()).thenReturn(0);
        return command;
    }

    @Test
    void aChannelThatThrowsOnCloseLeavesTheResultAndTheConnection() throws Exception {
        Session.Command command = finishedCommand();
        doThrow(new TransportException("Broken transport; encountered EOF")).when(command).close();
        Session session = mock(Session.class);
        when(session.exec(remote.wrapped())).thenReturn(command);
        HostConnection connection = mock(HostConnection.class);
        SSHClient client = mock(SSHClient.class);

        CommandResult result = runner.execute(connection, client, session, remote, key);

        assertEquals(0, result.exitStatus());
        assertEquals("active\n", result.stdout());
        assertFalse(result.timedOut());
        verify(command).close();
        verify(connection, never()).drop(any());
    }

    @Test
    void aChannelThatHangsOnCloseIsLeftBehindAfterTheCloseWait() throws Exception {
        Session.Command command = finishedCommand();
        CountDownLatch never = new CountDownLatch(1);
        doAnswer(inv -> {
            never.await(30, TimeUnit.SECONDS);   // the server never answers the close
            return null;
        }).when(command).close();
        Session session = mock(Session.class);
        when(session.exec(remote.wrapped())).thenReturn(command);
        HostConnection connection = mock(HostConnection.class);

        long started = System.nanoTime();
        CommandResult result = runner.execute(connection, mock(SSHClient.class), session, remote, key);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        never.countDown();

        assertEquals("active\n", result.stdout());
        assertTrue(tookMillis < 10_000, "the close waited at most about its close wait, not the server's silence: " + tookMillis + " ms");
        verify(command).join(anyLong(), any());
    }
}
