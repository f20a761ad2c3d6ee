package org.cpor.claims.claim;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Partners' disputes of rejected claims: one per claim at most, with the rejection as it stood and
 * the reviewer's outcome. Runs in the caller's transaction.
 */
@Repository
public class ClaimDisputes {

  /** What the dispute review decided; none while it is in review. */
  public enum Outcome {
    OVERTURNED,
    UPHELD
  }

  /** A dispute and the rejection it disputes. */
  public record Dispute(
      String claimId,
      String reason,
      String proofOfExecution,
      String submittedBy,
      Instant submittedAt,
      RejectionReason rejectionReason,
      String rejectionDetail,
      String rejectedBy,
      Instant rejectedAt,
      Outcome outcome,
      String decidedBy,
      Instant decidedAt,
      String decisionComment) {}

  private final JdbcClient jdbc;

  ClaimDisputes(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Dispute> of(String claimId) {
    return jdbc.sql("select * from claim_dispute where claim_id = ?")
        .param(claimId)
        .query(
            (rs, row) -> {
              String outcome = rs.getString("outcome");
              return new Dispute(
                  rs.getString("claim_id"),
                  rs.getString("reason"),
                  rs.getString("proof_of_execution"),
                  rs.getString("submitted_by"),
                  ClaimRepository.instant(rs.getTimestamp("submitted_at")),
                  RejectionReason.valueOf(rs.getString("rejection_reason")),
                  rs.getString("rejection_detail"),
                  rs.getString("rejected_by"),
                  ClaimRepository.instant(rs.getTimestamp("rejected_at")),
                  outcome == null ? null : Outcome.valueOf(outcome),
                  rs.getString("decided_by"),
                  ClaimRepository.instant(rs.getTimestamp("decided_at")),
                  rs.getString("decision_comment"));
            })
        .optional();
  }

  void insert(Dispute dispute) {
    jdbc.sql(
            """
            insert into claim_dispute (claim_id, reason, proof_of_execution, submitted_by, submitted_at,
              rejection_reason, rejection_detail, rejected_by, rejected_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            dispute.claimId(),
            dispute.reason(),
            dispute.proofOfExecution(),
            dispute.submittedBy(),
            ClaimRepository.ts(dispute.submittedAt()),
            dispute.rejectionReason().name(),
            dispute.rejectionDetail(),
            dispute.rejectedBy(),
            ClaimRepository.ts(dispute.rejectedAt()))
        .update();
  }

  public void decide(
      String claimId, Outcome outcome, String decidedBy, Instant at, String decisionComment) {
    jdbc.sql(
            "update claim_dispute set outcome = ?, decided_by = ?, decided_at = ?, decision_comment = ? where claim_id = ?")
        .params(outcome.name(), decidedBy, ClaimRepository.ts(at), decisionComment, claimId)
        .update();
  }
}
