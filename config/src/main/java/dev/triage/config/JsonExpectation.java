package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One expectation on a JSON body: {@code PATH OP VALUE} with OP one of {@code == != < <= > >=}, or
 * {@code PATH exists}. VALUE is a JSON literal: a quoted string, a number, true, false or null;
 * the ordering operators need a number.
 *
 * <pre>{@code
 * $.db == "ok"        $.queue.depth < 100        $.workers[0].alive == true        $.version exists
 * }</pre>
 *
 * @param operand null for {@code exists}
 */
public record JsonExpectation(String text, JsonPath path, Operator operator, JsonNode operand) {

    public enum Operator {
        EQ("=="), NE("!="), LE("<="), GE(">="), LT("<"), GT(">"), EXISTS("exists");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean ordering() {
            return this == LT || this == LE || this == GT || this == GE;
        }
    }

    /** Whether a body met the expectation, and what it held, e.g. {@code $.db is "down", expected == "ok"}. */
    public record Outcome(boolean met, String description) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonExpectation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(operator, "operator");
    }

    /** @throws IllegalArgumentException naming what is wrong and how such an expectation is written */
    public static JsonExpectation parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty; write it like $.db == \"ok\" or $.queue.depth < 100");
        }
        int end = 0;
        while (end < t.length() && !Character.isWhitespace(t.charAt(end)) && "=!<>".indexOf(t.charAt(end)) < 0) {
            end++;
        }
        JsonPath path = JsonPath.parse(t.substring(0, end));
        String rest = t.substring(end).strip();
        if (rest.equals("exists")) {
            return new JsonExpectation(t, path, Operator.EXISTS, null);
        }
        Operator op = null;
        for (Operator o : Operator.values()) {
            if (o != Operator.EXISTS && rest.startsWith(o.symbol)) {
                op = o;
                break;
            }
        }
        if (op == null) {
            throw new IllegalArgumentException("expected ==, !=, <, <=, >, >= or exists after " + path
                    + (rest.isEmpty() ? "" : " (got " + rest + ")"));
        }
        String literal = rest.substring(op.symbol.length()).strip();
        if (literal.isEmpty()) {
            throw new IllegalArgumentException("expected a value after " + path + " " + op.symbol
                    + ": a quoted string, a number, true, false or null");
        }
        JsonNode operand = literal(literal);
        if (op.ordering() && !operand.isNumber()) {
            throw new IllegalArgumentException(op.symbol + " compares numbers; " + literal + " is not a number");
        }
        return new JsonExpectation(t, path, op, operand);
    }

    private static JsonNode literal(String text) {
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return JsonNodeFactory.instance.textNode(text.substring(1, text.length() - 1));
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node != null && node.isValueNode()) {
                return node;
            }
        } catch (Exception e) {
            // reported below
        }
        throw new IllegalArgumentException("not a value: " + text + "; write a quoted string (\"ok\"), a number, true, false or null");
    }

    /** Tests the expectation against a parsed body (null when the body was not JSON). */
    public Outcome test(JsonNode body) {
        if (body == null) {
            return new Outcome(false, text + ": the body is not JSON");
        }
        JsonNode found = path.select(body);
        if (found.isMissingNode()) {
            return new Outcome(false, path + " is missing" + (operator == Operator.EXISTS ? "" : ", expected " + operator.symbol + " " + operand));
        }
        if (operator == Operator.EXISTS) {
            return new Outcome(true, path + " exists");
        }
        String shown = path + " is " + shorten(found.toString());
        if (operator.ordering()) {
            if (!found.isNumber()) {
                return new Outcome(false, shown + ", not a number; expected " + operator.symbol + " " + operand);
            }
            int c = found.decimalValue().compareTo(operand.decimalValue());
            boolean met = switch (operator) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                default -> c >= 0;
            };
            return new Outcome(met, shown + (met ? "" : ", expected " + operator.symbol + " " + operand));
        }
        boolean equal = equal(found, operand);
        boolean met = operator == Operator.EQ ? equal : !equal;
        return new Outcome(met, shown + (met ? "" : ", expected " + operator.symbol + " " + operand));
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = a.decimalValue();
            return x.compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Override
    public String toString() {
        return text;
    }
}
