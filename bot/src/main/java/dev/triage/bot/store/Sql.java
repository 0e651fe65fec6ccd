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
