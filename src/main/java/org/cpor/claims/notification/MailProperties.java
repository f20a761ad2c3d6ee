package org.cpor.claims.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param from the sender of every mail
 * @param optOutContact where a customer sends an opt-out
 * @param messageIdDomain the domain part of the Message-ID (deduplication key) of every mail
 */
@ConfigurationProperties("cpor.mail")
record MailProperties(
    @DefaultValue("cpor-noreply@partners.example.com") String from,
    @DefaultValue("cpor-optout@partners.example.com") String optOutContact,
    @DefaultValue("cpor.partners.example.com") String messageIdDomain) {}
