package dev.triage.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one direction of dependency in docs/ARCHITECTURE.md, enforced: bot → {adapters, checks → config}, both → time, and no package cycle inside bot. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProject() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The other modules' test code (fakes, benchmarks) reaches this classpath as their -tests.jar: not main code.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.triage");
    }

    @Test
    void coreCodeNeverImportsChatPlatformTypes() {
        // dev.triage.bot itself is the composition root (Main, Cli, Wiring): the one place that constructs
        // adapters. Everything below it, and checks and config, speak only the chat port.
        noClasses().that().resideInAnyPackage("dev.triage.bot.(*)..", "dev.triage.checks..", "dev.triage.config..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.slack..", "net.dv8tion..", "dev.triage.adapters.console..",
                        "dev.triage.adapters.slack..", "dev.triage.adapters.discord..")
                .because("the core speaks the chat port; only adapters know Slack, Discord or the console")
                .check(classes);
    }

    @Test
    void checksDependOnlyOnConfig() {
        noClasses().that().resideInAPackage("dev.triage.checks..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.triage.bot..", "dev.triage.adapters..")
                .check(classes);
    }

    @Test
    void adaptersKnowNothingOfChecksOrTheBot() {
        noClasses().that().resideInAPackage("dev.triage.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.triage.bot..", "dev.triage.checks..", "dev.triage.config..")
                .check(classes);
    }

    @Test
    void timeImportsNothingOfTheProject() {
        noClasses().that().resideInAPackage("dev.triage.time..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.triage.bot..", "dev.triage.adapters..", "dev.triage.checks..",
                        "dev.triage.config..")
                .because("the one sleeping abstraction sits under both the checks and the adapters")
                .check(classes);
    }

    @Test
    void nothingBelowTheCompositionRootSleepsOnItsOwn() {
        // Waiting goes through the injected Sleeper (time/), so a test moves a clock; only Sleeper.system() really sleeps.
        noClasses().that().resideInAnyPackage("dev.triage.checks.action..", "dev.triage.checks.cloud..", "dev.triage.adapters.slack..")
                .should().callMethod(Thread.class, "sleep", java.time.Duration.class)
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .check(classes);
    }

    @Test
    void configImportsNothingElseOfTheProject() {
        noClasses().that().resideInAPackage("dev.triage.config..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.triage.bot..", "dev.triage.adapters..", "dev.triage.checks..")
                .check(classes);
    }

    @Test
    void thePackagesInsideTheBotFormNoCycle() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices().matching("dev.triage.bot.(*)..")
                .should().beFreeOfCycles()
                .because("each concept has one home: a package that needs another's type takes it, never both ways")
                .check(classes);
    }

    @Test
    void onlyTheLoggingSetupKnowsLogback() {
        noClasses().that().resideOutsideOfPackage("dev.triage.bot.logging..")
                .should().dependOnClassesThat().resideInAnyPackage("ch.qos.logback..", "net.logstash.logback..")
                .because("everything else logs through slf4j; the binding, its format and its redaction are set up in one place")
                .check(classes);
    }
}
