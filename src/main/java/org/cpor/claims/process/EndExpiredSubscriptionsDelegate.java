package org.cpor.claims.process;

import java.time.LocalDate;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.AssociationEndings;
import org.springframework.stereotype.Component;

/**
 * The daily expiry step: ends the official associations whose subscription's last day is before
 * today (in the calendar's zone). Idempotent: only official associations are ended, so a second run
 * the same day, or a retry after a failure, ends nothing twice.
 */
@Component("endExpiredSubscriptions")
class EndExpiredSubscriptionsDelegate implements JavaDelegate {

  private final AssociationEndings endings;
  private final Deadlines deadlines;

  EndExpiredSubscriptionsDelegate(AssociationEndings endings, Deadlines deadlines) {
    this.endings = endings;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    LocalDate today = LocalDate.ofInstant(EngineClock.now(), deadlines.zone());
    execution.setVariable(
        AssociationEndProcesses.Variables.ENDED_COUNT, endings.endExpiredSubscriptions(today));
  }
}
