package dev.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of credential planted where it would turn up — and ordinary text left as it is. */
class RedactorTest {
    static final String PEM = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
            + "-----END OPENSSH PRIVATE KEY-----";
    /** Every planted value, as the shape tests plant them. */
    static final List<String> PLANTED = List.of("xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", "xapp-1-A0TEST-0123456789-abcdef",
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "ghp_1234567890abcdefghijABCDEFGHIJ123456",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmlhZ2UifQ.c2lnbmF0dXJlLXBsYW50ZWQ", "hunter22");

    private final Redactor redactor = new Redactor();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a journal line with a Slack bot token | uvicorn: connecting with xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp now"
                    + " | uvicorn: connecting with [redacted] now",
            "an app-level token | SLACK_APP_TOKEN is xapp-1-A0TEST-0123456789-abcdef | SLACK_APP_TOKEN is [redacted]",
            "an AWS access key id in an error | InvalidClientTokenId: AKIAIOSFODNN7EXAMPLE is not valid"
                    + " | InvalidClientTokenId: [redacted] is not valid",
            "an AWS secret key after its name | aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                    + " | aws_secret_access_key=[redacted]",
            "an AWS secret key in JSON | {\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}"
                    + " | {\"SecretAccessKey\": \"[redacted]\"}",
            "a GitHub token | cloning with ghp_1234567890abcdefghijABCDEFGHIJ123456 | cloning with [redacted]",
            "a JWT in an nginx error log | upstream sent eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmlhZ2UifQ.c2lnbmF0dXJlLXBsYW50ZWQ header"
                    + " | upstream sent [redacted] header",
            "a password in a URL | GET http://127.0.0.1:9/health?user=a&password=s3cr3t-pw-9 failed"
                    + " | GET http://127.0.0.1:9/health?user=a&password=[redacted] failed",
            "user info in a URL | postgres://triage:s3cr3t-pw-9@db:5432/triage refused | postgres://[redacted]@db:5432/triage refused",
            "a token pair in key-value text | level=error token=abc123def msg=denied | level=error token=[redacted] msg=denied",
            "a password after a colon | password: hunter22 | password: [redacted]",
            "a bearer token | Authorization: Bearer abc.def123.ghi | Authorization: Bearer [redacted]"})
    void eachKindIsRemoved(String where, String planted, String shown) {
        assertEquals(shown, redactor.redact(planted), where);
    }

    @Test
    void aPrivateKeyBlockGoesWhole() {
        assertEquals("key: [redacted] end", redactor.redact("key: " + PEM + " end"));
    }

    @Test
    void aConfiguredSecretOfNoKnownShapeIsRemovedWherever() {
        redactor.knowing(List.of(Secret.of("rnd_Zq8vLw2pX", "targets[0].cloud.render.api_key")));
        assertEquals("render said: key rnd_… no: [redacted] was refused", redactor.redact("render said: key rnd_… no: rnd_Zq8vLw2pX was refused"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "targets[0].cloud.render.api_key: environment variable RENDER_API_KEY is not set",
            "api — likely cause: nothing accepts connections on 127.0.0.1:8000",
            "restart-service on prod — approved by @lead 03:12 UTC · done",
            "Basic authentication is required by the upstream",
            "the signature that doesn't match: refused",
            "deployed commit 3f786850e387550fdab836ed7e6dc881de23001b to prod"})
    void ordinaryTextIsLeftAsItIs(String text) {
        assertEquals(text, redactor.redact(text));
    }

    @Test
    void shortOrOrdinaryEnvValuesAreNotTakenForSecrets() {
        assertTrue(Redactor.looksSecret("OPENAI_API_KEY", "sk-live-1"));
        assertTrue(Redactor.looksSecret("ANYTHING", "Zq8vLw2pXk3mN9bT"));
        assertFalse(Redactor.looksSecret("NODE_ENV", "production"));
        assertFalse(Redactor.looksSecret("PORT", "8000"));
        assertFalse(Redactor.looksSecret("APP_DIR", "/opt/langchain/releases/2024"));
    }

    @Test
    void nothingPlantedSurvives() {
        redactor.knowing(List.of(Secret.of("hunter22", "store.password")));
        String all = String.join(" | ", PLANTED) + " " + PEM;
        String shown = redactor.redact(all);
        for (String p : PLANTED) {
            assertFalse(shown.contains(p), p + " in " + shown);
        }
        assertFalse(shown.contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"), shown);
    }
}
