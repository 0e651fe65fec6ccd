package dev.triage.checks.ssh.testing;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalSshd} for a whole test class, in its own temporary folder; stand-ins are removed
 * after each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalSshdExtension SSHD = new LocalSshdExtension();
 *
 * @Test
 * void reportsAFailedUnit() throws Exception {
 *     SSHD.sshd().installStandInPrinting("systemctl", fixture("systemctl-failed.txt"), 3);
 *     ... SSHD.sshd().target("prod") ...
 * }
 * }</pre>
 */
public final class LocalSshdExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private LocalSshd sshd;

    public LocalSshd sshd() {
        if (sshd == null) {
            throw new IllegalStateException("LocalSshdExtension must be a static @RegisterExtension field");
        }
        return sshd;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        sshd = LocalSshd.start(Files.createTempDirectory("triage-sshd-"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (sshd != null) {
            sshd.removeStandIns();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (sshd != null) {
            sshd.close();
            sshd.deleteDirectory();
            sshd = null;
        }
    }
}
