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

  /** Rows and bytes (-1: H2 does not report table sizes) of one table. */
  record Table(long rows, long bytes) {}

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
      snapshot.put(table, new Table(rows, bytes));
    }
    return snapshot;
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
