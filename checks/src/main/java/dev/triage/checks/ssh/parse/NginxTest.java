package dev.triage.checks.ssh.parse;

import java.util.List;

/**
 * What {@code nginx -t} said (on stderr, merged here with stdout).
 *
 * @param syntaxOk   saw {@code syntax is ok}
 * @param successful saw {@code test is successful} and not {@code test failed}
 * @param messages   the {@code [level]} messages, in order
 */
public record NginxTest(boolean syntaxOk, boolean successful, List<NginxMessage> messages) {

    public NginxTest {
        messages = List.copyOf(messages);
    }

    /** The first emerg/alert/crit message: the reason the test failed. */
    public java.util.Optional<NginxMessage> firstFatal() {
        return messages.stream().filter(NginxMessage::isFatal).findFirst();
    }
}
