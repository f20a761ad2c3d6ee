package org.cpor.claims.bench;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine's history of a phase of the benchmark: rows (and on PostgreSQL bytes, indexes
 * included) of every ACT_HI_* table before and after it, per claim of the phase.
 */
final class HistoryFootprint {

  /**
   * Rows and bytes (-1: H2 does not report table sizes) of one table; on PostgreSQL also where the
   * bytes are ({@link #parts}).
   */
  record Table(long rows, long bytes, Map<String, Long> parts) {
    Table(long rows, long bytes) {
      this(rows, bytes, Map.of());
    }
  }

  private HistoryFootprint() {}

  /** Every ACT_HI_* table of the application's schema, by lower-case name. */
  static Map<String, Table> snapshot(DataSource dataSource) throws SQLException {
    boolean postgres = ClaimBenchmark.isPostgres(dataSource);
    JdbcClient jdbc = JdbcClient.create(dataSource);
    List<String> tables =
        jdbc.sql(
                "select lower(table_name) from information_schema.tables"
                    + " where lower(table_name) like 'act_hi_%' and lower(table_schema) = 'public'")
            .query(String.class)
            .list();
    if (postgres) {
      // The table statistics reach the statistics collector up to half a second after a commit.
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      jdbc.sql("select pg_stat_clear_snapshot()").query(Object.class).optional();
      jdbc.sql("create extension if not exists pgstattuple").update();
    }
    Map<String, Table> snapshot = new TreeMap<>();
    for (String table : tables) {
      long rows = jdbc.sql("select count(*) from " + table).query(Long.class).single();
      long bytes =
          postgres
              ? jdbc.sql("select pg_total_relation_size(quote_ident(:table))")
                  .param("table", table)
                  .query(Long.class)
                  .single()
              : -1;
      snapshot.put(table, new Table(rows, bytes, postgres ? parts(jdbc, table) : Map.of()));
    }
    return snapshot;
  }

  /**
   * Where a PostgreSQL table's bytes are: its heap (with free space and visibility maps), TOAST,
   * each index; how many row versions were inserted, updated (HOT: without new index entries) and
   * are dead; and pgstattuple's live, dead and free bytes of the heap.
   */
  private static Map<String, Long> parts(JdbcClient jdbc, String table) {
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put(
        "heap",
        jdbc.sql(
                "select pg_relation_size(c.oid, 'main') + pg_relation_size(c.oid, 'fsm')"
                    + " + pg_relation_size(c.oid, 'vm') from pg_class c where c.relname = :table")
            .param("table", table)
            .query(Long.class)
            .single());
    parts.put(
        "toast",
        jdbc.sql(
                "select coalesce(pg_total_relation_size(c.reltoastrelid), 0) from pg_class c"
                    + " where c.relname = :table")
            .param("table", table)
            .query(Long.class)
            .single());
    jdbc.sql(
            "select i.relname, pg_relation_size(i.oid) from pg_index x"
                + " join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid"
                + " where t.relname = :table order by i.relname")
        .param("table", table)
        .query((rs, n) -> parts.put("index " + rs.getString(1).toLowerCase(), rs.getLong(2)))
        .list();
    jdbc.sql(
            "select n_tup_ins, n_tup_upd, n_tup_hot_upd, n_dead_tup from pg_stat_user_tables"
                + " where relname = :table")
        .param("table", table)
        .query(
            (rs, n) -> {
              parts.put("rowVersionsInserted", rs.getLong(1));
              parts.put("rowsUpdated", rs.getLong(2));
              parts.put("rowsUpdatedHot", rs.getLong(3));
              parts.put("deadRowVersions", rs.getLong(4));
              return null;
            })
        .list();
    jdbc.sql("select tuple_len, dead_tuple_len, free_space from pgstattuple(:table)")
        .param("table", table)
        .query(
            (rs, n) -> {
              parts.put("heapLiveBytes", rs.getLong(1));
              parts.put("heapDeadBytes", rs.getLong(2));
              parts.put("heapFreeBytes", rs.getLong(3));
              return null;
            })
        .list();
    return parts;
  }

  /**
   * Where the bytes per claim of the phase are on PostgreSQL, per table ({@link #parts}, each per
   * claim); empty on H2.
   */
  static Map<String, Object> bytesPerClaimInDetail(
      Map<String, Table> before, Map<String, Table> after, int claims) {
    Map<String, Object> perTable = new LinkedHashMap<>();
    for (Map.Entry<String, Table> table : after.entrySet()) {
      Map<String, Long> earlier = before.getOrDefault(table.getKey(), new Table(0, 0)).parts();
      Map<String, Object> parts = new LinkedHashMap<>();
      table
          .getValue()
          .parts()
          .forEach(
              (part, value) -> {
                long delta = value - earlier.getOrDefault(part, 0L);
                if (delta != 0) {
                  parts.put(part, round(delta / (double) claims));
                }
              });
      if (table.getValue().rows() != before.getOrDefault(table.getKey(), new Table(0, 0)).rows()) {
        perTable.put(table.getKey(), parts);
      }
    }
    return perTable;
  }

  /** Rows per claim of the phase, in all and per table (tables that did not grow left out). */
  static Map<String, Object> rowsPerClaim(
      Map<String, Table> before, Map<String, Table> after, int claims) {
    Map<String, Object> perTable = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, Table> table : after.entrySet()) {
      long rows =
          table.getValue().rows() - before.getOrDefault(table.getKey(), new Table(0, 0)).rows();
      if (rows != 0) {
        perTable.put(table.getKey(), round(rows / (double) claims));
        total += rows;
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", round(total / (double) claims));
    result.put("perTable", perTable);
    return result;
  }

  /** Bytes per claim of the phase on PostgreSQL, in all and per table; "n/a" on H2. */
  static Object bytesPerClaim(Map<String, Table> before, Map<String, Table> after, int claims) {
    if (after.values().stream().anyMatch(table -> table.bytes() < 0)) {
      return "n/a (H2 does not report table sizes)";
    }
    Map<String, Object> perTable = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, Table> table : after.entrySet()) {
      long bytes =
          table.getValue().bytes() - before.getOrDefault(table.getKey(), new Table(0, 0)).bytes();
      if (bytes != 0) {
        perTable.put(table.getKey(), round(bytes / (double) claims));
        total += bytes;
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total", round(total / (double) claims));
    result.put("perTable", perTable);
    return result;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
