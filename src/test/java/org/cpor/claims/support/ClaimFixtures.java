package org.cpor.claims.support;

import static org.cpor.claims.process.ClaimProcess.Variables.*;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Valid claims for tests, each with its own partner and customer tenant so tests do not meet. */
public final class ClaimFixtures {

  private static final AtomicInteger PARTNERS = new AtomicInteger(2_000_000);

  private ClaimFixtures() {}

  /** A customer tenant the tenant directory knows. */
  public record Tenant(String id, String domain) {}

  public static String newPartnerId() {
    return String.valueOf(PARTNERS.incrementAndGet());
  }

  /**
   * Registers the partner's organisation in the partner directory (once): "Partner 2000001 Ltd",
   * verified domains {@code partner-2000001.example.com} (the contacts of {@link #claim}) and
   * {@code partner.example.com} (those of {@link #apiClaim}).
   */
  public static void registerPartner(JdbcClient jdbc, String partnerId) {
    jdbc.sql(
            """
            insert into partner_organisation (partner_id, name, country, website, updated_at)
            select ?, ?, 'NL', ?, current_timestamp
            where not exists (select 1 from partner_organisation where partner_id = ?)""")
        .params(
            partnerId,
            organisationName(partnerId),
            "https://partner-" + partnerId + ".example.com",
            partnerId)
        .update();
    for (String domain : List.of("partner-" + partnerId + ".example.com", "partner.example.com")) {
      jdbc.sql(
              """
              insert into partner_verified_domain (partner_id, domain) select ?, ?
              where not exists (select 1 from partner_verified_domain where partner_id = ? and domain = ?)""")
          .params(partnerId, domain, partnerId, domain)
          .update();
    }
  }

  /**
   * Variables as engine REST takes them: each a typed value ({@code {"value": …, "type":
   * "String"}}).
   */
  public static Map<String, Object> engineRestVariables(Map<String, ?> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    return typed;
  }

  /** A new partner ID whose organisation is in the partner directory. */
  public static String newRegisteredPartner(JdbcClient jdbc) {
    String partnerId = newPartnerId();
    registerPartner(jdbc, partnerId);
    return partnerId;
  }

  /** The organisation name {@link #registerPartner} gives a partner. */
  public static String organisationName(String partnerId) {
    return "Partner " + partnerId + " Ltd";
  }

  public static Tenant registerTenant(JdbcClient jdbc) {
    String id = UUID.randomUUID().toString();
    String domain = "customer-" + id.substring(0, 8) + ".example.com";
    jdbc.sql("insert into customer_tenant (tenant_id, domain_name) values (?, ?)")
        .params(id, domain)
        .update();
    return new Tenant(id, domain);
  }

  /**
   * The same claim as the partner API takes it: no partner ID (it is the caller's), workloads as a
   * list.
   */
  public static Map<String, Object> apiClaim(Tenant tenant) {
    Map<String, Object> claim = claim("0000", tenant);
    claim.remove(PARTNER_ID);
    claim.put(WORKLOADS, List.of("Teams", "Exchange"));
    claim.put(PARTNER_CONTACT_EMAIL, "pat@partner.example.com");
    return claim;
  }

  /**
   * A partner-API claim on Teams for a customer nobody claimed before (its tenant is unknown to the
   * directory, so it is flagged, not rejected): many of them never collide as duplicates.
   */
  public static Map<String, Object> apiClaimForNewCustomer(String label) {
    String domain = label + "-" + UUID.randomUUID().toString().substring(0, 12) + ".example.com";
    Map<String, Object> claim = apiClaim(new Tenant(UUID.randomUUID().toString(), domain));
    claim.put(WORKLOADS, List.of("Teams"));
    claim.put(PARTNER_CONTACT_EMAIL, "pat@" + domain);
    return claim;
  }

  /**
   * A partner-API claim on Dynamics 365 Sales of one of the customer's subscriptions (Business
   * Applications usage), with the customer's technical contact.
   */
  public static Map<String, Object> dynamicsClaim(Tenant tenant, String subscriptionId) {
    Map<String, Object> claim = apiClaim(tenant);
    claim.put(CLAIM_NAME, "Dynamics 365 Sales at " + tenant.domain());
    claim.put(SOLUTION_AREA, "BUSINESS_APPLICATIONS");
    claim.put(WORKLOADS, List.of("Dynamics 365 Sales"));
    claim.put(SUBSCRIPTION_ID, subscriptionId);
    claim.put(CUSTOMER_TECHNICAL_CONTACT_NAME, "Terry Tech");
    claim.put(CUSTOMER_TECHNICAL_CONTACT_EMAIL, "terry@" + tenant.domain());
    return claim;
  }

  /** A complete Microsoft 365 usage claim on Teams and Exchange, as engine REST callers send it. */
  public static Map<String, Object> claim(String partnerId, Tenant tenant) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(PARTNER_ID, partnerId);
    variables.put(CLAIM_NAME, "Teams adoption at " + tenant.domain());
    variables.put(CUSTOMER_DOMAIN, tenant.domain());
    variables.put(CUSTOMER_TENANT_ID, tenant.id());
    variables.put(SOLUTION_AREA, "MICROSOFT_365");
    variables.put(ACTIVITY, "USAGE");
    variables.put(WORKLOADS, "Teams, exchange");
    variables.put(CUSTOMER_CONTACT_NAME, "Chris Customer");
    variables.put(CUSTOMER_CONTACT_TITLE, "IT Director");
    variables.put(CUSTOMER_CONTACT_EMAIL, "chris@" + tenant.domain());
    variables.put(PARTNER_CONTACT_NAME, "Pat Partner " + partnerId);
    variables.put(PARTNER_CONTACT_EMAIL, "pat@partner-" + partnerId + ".example.com");
    variables.put(PROOF_OF_EXECUTION, "https://partner-" + partnerId + ".example.com/sow.pdf");
    variables.put(COMMENTS, "Rolled out Teams to 400 seats.");
    return variables;
  }

  /**
   * A claim row written straight into the claim table, without a process: for lists and exports
   * that need many of a partner's claims at chosen times. Returns its ID.
   */
  public static String seedClaim(
      JdbcClient jdbc, String partnerId, String status, Instant submittedAt, String claimName) {
    String id = "SEED-" + UUID.randomUUID();
    String tenant = UUID.randomUUID().toString();
    jdbc.sql(
            """
            insert into claim (id, partner_id, claim_name, customer_domain, customer_tenant_id, solution_area,
              activity, status, submitted_at, updated_at)
            values (?, ?, ?, ?, ?, 'MICROSOFT_365', 'USAGE', ?, ?, ?)""")
        .params(
            id,
            partnerId,
            claimName,
            "seed-" + id.substring(5, 13) + ".example.com",
            tenant,
            status,
            Timestamp.from(submittedAt),
            Timestamp.from(submittedAt))
        .update();
    jdbc.sql(
            "insert into claim_workload (claim_id, workload, ordinal)"
                + " values (?, 'Teams', 0), (?, 'Exchange', 1)")
        .params(id, id)
        .update();
    return id;
  }

  /**
   * An association row written straight into the register (its claim seeded too). Returns its ID.
   */
  public static long seedAssociation(
      JdbcClient jdbc,
      String partnerId,
      String tenantId,
      String workload,
      String subscriptionId,
      String status,
      Instant since) {
    String claimId = seedClaim(jdbc, partnerId, "OFFICIAL", since, "Seeded " + workload);
    jdbc.sql(
            """
            insert into association (partner_id, customer_tenant_id, workload, subscription_id, claim_id, status,
              official_since)
            values (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            partnerId, tenantId, workload, subscriptionId, claimId, status, Timestamp.from(since))
        .update();
    return jdbc.sql("select id from association where claim_id = ?")
        .param(claimId)
        .query(Long.class)
        .single();
  }
}
