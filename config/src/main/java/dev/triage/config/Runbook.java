package dev.triage.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A team's troubleshooting document as data: the checks to gather (all at once), then ordered steps
 * read over their results. The first failing step that names a cause gives the verdict, citing its
 * document's step.
 *
 * @param name      unique, used by {@code targets[].runbook} and commands
 * @param title     one line for people
 * @param documents the documents it comes from; the first is the default a step cites
 * @param checks    the checks gathered, in order (each possibly only for some targets)
 * @param slow      what a slow but answering target is told (cites and advice); null for a built-in line
 * @param steps     in the order the document reads them: the first failing step with a cause decides
 * @param place     where it was defined, for messages ({@code runbooks[2]}, {@code runbooks/ec2-systemd.yaml})
 */
public record Runbook(String name, String title, List<Document> documents, List<CheckUse> checks, RunbookStep slow,
                      List<RunbookStep> steps, String place) {

    public Runbook {
        Objects.requireNonNull(name, "name");
        title = title == null ? name : title;
        documents = List.copyOf(documents);
        checks = List.copyOf(checks);
        steps = List.copyOf(steps);
        place = place == null ? name : place;
    }

    public Optional<Document> document(String id) {
        if (id == null) {
            return documents.stream().findFirst();
        }
        return documents.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public Optional<RunbookStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * A document a runbook comes from.
     *
     * @param id     how steps cite it ({@code "000"})
     * @param title  how the verdict names it ({@code document 000}, {@code backend guide})
     * @param source its path or URL
     */
    public record Document(String id, String title, String source) {
        public Document {
            Objects.requireNonNull(id, "id");
            title = title == null ? id : title;
        }
    }

    /** A check the runbook gathers, and for which targets ({@link Condition#ALWAYS} for all). */
    public record CheckUse(String id, Condition when) {
        public CheckUse {
            Objects.requireNonNull(id, "id");
            when = when == null ? Condition.ALWAYS : when;
        }
    }
}
