package org.cpor.claims.claim;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A partner's claim, as stored in the application's own table. */
public record Claim(
    String id,
    String processInstanceId,
    String partnerId,
    String claimName,
    String customerDomain,
    String customerTenantId,
    String solutionArea,
    String activity,
    List<String> workloads,
    String subscriptionId,
    String customerContactName,
    String customerContactTitle,
    String customerContactEmail,
    String partnerContactName,
    String partnerContactEmail,
    String proofOfExecution,
    String comments,
    Contact customerTechnicalContact,
    RevenueAssociation revenueAssociation,
    ClaimStatus status,
    RejectionReason rejectionReason,
    Instant reviewDueAt,
    Instant informationDueAt,
    Instant optOutDeadline,
    Instant submittedAt,
    Instant updatedAt,
    String checkFindings)
    implements Serializable {

  /** The submitted claim as registered by its process: with the process instance and the time. */
  public Claim registered(String processInstanceId, Instant at) {
    return new Claim(
        id,
        processInstanceId,
        partnerId,
        claimName,
        customerDomain,
        customerTenantId,
        solutionArea,
        activity,
        List.copyOf(workloads),
        subscriptionId,
        customerContactName,
        customerContactTitle,
        customerContactEmail,
        partnerContactName,
        partnerContactEmail,
        proofOfExecution,
        comments,
        customerTechnicalContact,
        revenueAssociation,
        ClaimStatus.SUBMITTED,
        null,
        null,
        null,
        null,
        at,
        at,
        null);
  }

  public String workloadList() {
    return String.join(", ", workloads);
  }

  /** What the claim asks to hold, in words: its workloads, and its subscription if it has one. */
  public String itemList() {
    return perSubscription() && subscriptionId != null
        ? workloadList() + " (subscription " + subscriptionKey(subscriptionId) + ")"
        : workloadList();
  }

  /**
   * Whether one partner holds the claimed subscription rather than each workload: OSA Sell
   * (pre-sales) and Business Applications claims. Workload claims (OSU Microsoft 365) and
   * subscription claims never compete with each other.
   */
  public boolean perSubscription() {
    return perSubscription(solutionArea, activity);
  }

  static boolean perSubscription(String solutionArea, String activity) {
    return Activity.PRE_SALES.name().equals(activity)
        || SolutionArea.BUSINESS_APPLICATIONS.name().equals(solutionArea);
  }

  /** A Dynamics 365 claim: Business Applications with a Dynamics 365 product. */
  public boolean dynamics365() {
    return SolutionArea.BUSINESS_APPLICATIONS.name().equals(solutionArea)
        && workloads.stream().anyMatch(Claim::isDynamics365);
  }

  static boolean isDynamics365(String workload) {
    String name = workload.trim().toLowerCase(Locale.ROOT);
    return name.startsWith("dynamics 365") || name.equals("business central");
  }

  /** The subscription ID as stored and compared: a GUID in lower case. */
  public static String subscriptionKey(String subscriptionId) {
    return subscriptionId == null ? null : subscriptionId.trim().toLowerCase(Locale.ROOT);
  }

  /** A customer's contact person beyond the main contact (for Dynamics 365: the technical one). */
  public record Contact(String name, String email) implements Serializable {
    /** Null when both parts are missing: the claim has no such contact. */
    public static Contact of(String name, String email) {
      return name == null && email == null ? null : new Contact(name, email);
    }
  }

  /** What a revenue-association claim adds: who sold, to whom, which ISV product. */
  public record RevenueAssociation(
      String solutionSellerName, String customerName, String isvProductName)
      implements Serializable {
    public static RevenueAssociation of(
        String solutionSellerName, String customerName, String isvProductName) {
      return solutionSellerName == null && customerName == null && isvProductName == null
          ? null
          : new RevenueAssociation(solutionSellerName, customerName, isvProductName);
    }
  }
}
