package dev.triage.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Binding and reading the nullable values the stores keep: text, counts, and times as epoch milliseconds. */
public final class Sql {
    private Sql() {
    }

    /** Binds in order: null as SQL NULL, an {@link Instant} as epoch milliseconds, a Long or Integer as itself, else text. */
    public static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object v = args[i];
            if (v == null) {
                s.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof Instant t) {
                s.setLong(i + 1, t.toEpochMilli());
            } else if (v instanceof Long l) {
                s.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                s.setInt(i + 1, n);
            } else {
                s.setString(i + 1, v.toString());
            }
        }
    }

    public static void setString(PreparedStatement s, int i, String v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.VARCHAR);
        } else {
            s.setString(i, v);
        }
    }

    public static void setInstant(PreparedStatement s, int i, Instant v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v.toEpochMilli());
        }
    }

    public static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    /** The time in {@code column} (epoch milliseconds), or null. */
    public static Instant instant(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    public static Instant instant(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    /** The count in {@code column}, or null. */
    public static Long nullableLong(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }
}
