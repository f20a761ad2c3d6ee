package org.cpor.claims.claim;

import java.util.List;

/**
 * Tells the partner that associations of its claim ended. The mail is sent by an asynchronous,
 * retried step of its own (the process module's {@code cpor-association-ended}), started in the
 * transaction that ended them: no mail for an ending that rolls back, and an SMTP outage becomes a
 * retried job and then a Cockpit incident, never a failed request.
 */
public interface AssociationEndedMail {

  void schedule(String claimId, List<Long> associationIds);
}
