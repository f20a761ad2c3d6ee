package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.COMMENT_HISTORY;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The comments exchanged on a claim, kept as a process variable so that the validator's form shows
 * them. The full history lives in the claim_event table; this copy keeps the newest entries that
 * fit a string variable.
 */
final class CommentHistory {

  private static final int MAX_LENGTH = 3800;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private CommentHistory() {}

  static void append(VariableScope scope, Instant at, String actor, String text) {
    scope.setVariable(
        COMMENT_HISTORY, appended((String) scope.getVariable(COMMENT_HISTORY), at, actor, text));
  }

  /** The comment history with one more entry, its oldest entries cut when it grows too long. */
  static String appended(String previous, Instant at, String actor, String text) {
    String entry = WHEN.format(at.atZone(ZoneId.systemDefault())) + " " + actor + ": " + text;
    String all = previous == null || previous.isBlank() ? entry : previous + "\n" + entry;
    if (all.length() > MAX_LENGTH) {
      all =
          "… (older comments in the claim's history)\n" + all.substring(all.length() - MAX_LENGTH);
    }
    return all;
  }
}
