package org.cpor.claims.partner;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The partner directory in the application's tables. */
@Repository
class TablePartnerDirectory implements PartnerDirectory {

  private final JdbcClient jdbc;

  TablePartnerDirectory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<PartnerOrganisation> find(String partnerId) {
    if (partnerId == null) {
      return Optional.empty();
    }
    return jdbc.sql("select * from partner_organisation where partner_id = ?")
        .param(partnerId)
        .query(
            (rs, row) ->
                new PartnerOrganisation(
                    rs.getString("partner_id"),
                    rs.getString("name"),
                    rs.getString("country"),
                    rs.getString("website"),
                    domainsOf(partnerId)))
        .optional();
  }

  List<PartnerOrganisation> all() {
    return jdbc
        .sql("select partner_id from partner_organisation order by partner_id")
        .query(String.class)
        .list()
        .stream()
        .map(this::find)
        .flatMap(Optional::stream)
        .toList();
  }

  /** Adds or replaces an organisation and its verified domains. */
  @Transactional
  void save(PartnerOrganisation organisation, Instant at) {
    int updated =
        jdbc.sql(
                "update partner_organisation set name = ?, country = ?, website = ?, updated_at = ? where partner_id = ?")
            .params(
                organisation.name(),
                organisation.country(),
                organisation.website(),
                Timestamp.from(at),
                organisation.partnerId())
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into partner_organisation (partner_id, name, country, website, updated_at) values (?, ?, ?, ?, ?)")
          .params(
              organisation.partnerId(),
              organisation.name(),
              organisation.country(),
              organisation.website(),
              Timestamp.from(at))
          .update();
    }
    jdbc.sql("delete from partner_verified_domain where partner_id = ?")
        .param(organisation.partnerId())
        .update();
    organisation.verifiedDomains().stream()
        .map(d -> d.trim().toLowerCase(Locale.ROOT))
        .distinct()
        .forEach(
            domain ->
                jdbc.sql("insert into partner_verified_domain (partner_id, domain) values (?, ?)")
                    .params(organisation.partnerId(), domain)
                    .update());
  }

  private List<String> domainsOf(String partnerId) {
    return jdbc.sql(
            "select domain from partner_verified_domain where partner_id = ? order by domain")
        .param(partnerId)
        .query(String.class)
        .list();
  }
}
