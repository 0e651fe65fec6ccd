package dev.triage.adapters;

/**
 * How a line or a message should look. Every adapter shows the word as well as any colour or
 * symbol, so colour-blind readers, plain-text notifications and the console all get it.
 */
public enum Tone {
    OK("OK", "✅"),
    INFO("INFO", "ℹ️"),
    SKIPPED("SKIPPED", "⏭️"),
    WARN("WARN", "⚠️"),
    FAIL("FAIL", "🔴"),
    ERROR("ERROR", "❓");

    private final String word;
    private final String symbol;

    Tone(String word, String symbol) {
        this.word = word;
        this.symbol = symbol;
    }

    public String word() {
        return word;
    }

    public String symbol() {
        return symbol;
    }
}
