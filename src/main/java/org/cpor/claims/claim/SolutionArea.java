package org.cpor.claims.claim;

public enum SolutionArea {
  MICROSOFT_365("Microsoft 365"),
  BUSINESS_APPLICATIONS("Business Applications");

  private final String label;

  SolutionArea(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
