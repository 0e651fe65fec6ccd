package dev.triage.checks.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a container's log stands in its setup (document 004's apt-get, AWS CLI, S3 and pip steps). */
class SetupStepsTest {
    static final Instant T0 = Instant.parse("2026-01-05T02:55:00Z");
    static final String READY = "You can now view your Streamlit app in your browser.";

    static List<SetupSteps.LogLine> log(String... lines) {
        List<SetupSteps.LogLine> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            out.add(new SetupSteps.LogLine(T0.plusSeconds(10L * i), lines[i]));
        }
        return out;
    }

    @Test
    void theLastSetupLineWithoutAReadyLineAfterItIsTheStepTheLogIsIn() {
        var step = SetupSteps.pending(log("Reading package lists...", "Archive:  awscliv2.zip", "  inflating: aws/dist/aws",
                "some other line"), SetupSteps.DEFAULTS, READY).orElseThrow();
        assertEquals("an unzip", step.label());
        assertEquals("inflating: aws/dist/aws", step.line().text().strip());
        assertEquals(T0.plusSeconds(30), step.lastLineAt());
        assertEquals(Duration.ofSeconds(70), step.silentFor(T0.plusSeconds(100)));
    }

    @Test
    void aReadyLineAfterTheSetupEndsIt() {
        assertTrue(SetupSteps.pending(log("Collecting streamlit", "Installing collected packages: streamlit", "  " + READY),
                SetupSteps.DEFAULTS, READY).isEmpty());
    }

    @Test
    void withoutAReadyMarkerOnlyALastLineThatIsASetupLineCounts() {
        assertTrue(SetupSteps.pending(log("download: s3://code/src/app.py to src/app.py", "INFO: serving on 8501"),
                SetupSteps.DEFAULTS, null).isEmpty(), "something ran after the setup");
        assertEquals("an S3 download", SetupSteps.pending(log("INFO: boot", "download: s3://code/src/app.py to src/app.py"),
                SetupSteps.DEFAULTS, null).orElseThrow().label());
    }

    @Test
    void markersMatchInAnyCaseAndConfiguredOnesAreNamedByTheirText() {
        List<SetupSteps.Marker> mine = SetupSteps.of(List.of("loading model"));
        assertEquals("\"loading model\"", SetupSteps.pending(log("Loading Model weights (7 GB)"), mine, READY).orElseThrow().label());
        assertEquals(SetupSteps.DEFAULTS, SetupSteps.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SetupSteps.Marker(" ", null));
    }
}
