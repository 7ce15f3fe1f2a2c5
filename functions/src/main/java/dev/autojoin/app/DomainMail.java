package dev.autojoin.app;

import dev.autojoin.domain.DnsChallenge;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.OutgoingEmail;
import java.time.Instant;

/** The emails about domains, rendered (text and HTML) and ready to send. */
public interface DomainMail {
    /** To a mailbox at the domain: confirm that the company may claim it. */
    OutgoingEmail verificationLink(
            EmailAddress to, DomainName domain, String companyName, String link, Instant expiresAt);

    /** To an admin: another company proved it owns the domain, which no longer enrolls anyone into yours. */
    OutgoingEmail displaced(EmailAddress to, DomainName domain, String companyName);

    /** To an admin: the TXT record is gone or wrong; the domain stays verified until {@code graceEndsAt}. */
    OutgoingEmail recheckFailing(
            EmailAddress to, DomainName domain, String companyName, DnsChallenge record, Instant graceEndsAt);

    /**
     * To an admin: our lookups of the TXT record have had no answer since {@code since} (the domain's DNS servers time
     * out or fail); the domain stays verified until {@code graceEndsAt}. Says nothing about the record being missing.
     */
    OutgoingEmail recheckUnanswered(
            EmailAddress to,
            DomainName domain,
            String companyName,
            DnsChallenge record,
            Instant since,
            Instant graceEndsAt);

    /** To an admin: grace is over, the domain is unverified and enrolls no one. */
    OutgoingEmail unverified(EmailAddress to, DomainName domain, String companyName, DnsChallenge record);

    /**
     * To an owner of a company some of whose members are at {@code domain}: {@code capturingCompany} proved it owns
     * the domain and captures it. Nothing in their company changed; they may join the capturing company (keeping
     * theirs) from {@code link} when their own address is at the domain, or keep going as they are.
     */
    OutgoingEmail captured(
            EmailAddress to,
            DomainName domain,
            String capturingCompany,
            String ownCompany,
            boolean canJoin,
            String link);
}
