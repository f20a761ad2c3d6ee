package org.cpor.claims.process;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * Input the process cannot take, naming the field and the rule. The transaction rolls back, so
 * nothing is stored; engine REST answers {@code 400} problem details (see {@code
 * web.EngineRestProblems}).
 */
public class ClaimInputRejected extends BadUserRequestException {

  private final String field;
  private final String rule;

  public ClaimInputRejected(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
    this.rule = rule;
  }

  public String field() {
    return field;
  }

  public String rule() {
    return rule;
  }
}
