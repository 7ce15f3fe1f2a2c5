package dev.autojoin.adapter.ses;

import dev.autojoin.app.DomainMail;
import dev.autojoin.domain.DnsChallenge;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.OutgoingEmail;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The domain emails, as plain text and HTML. Everything that came from a user (company names) is escaped in the
 * HTML and kept out of the subject line; links come from configuration only.
 */
public final class DomainEmailTemplates implements DomainMail {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    @Override
    public OutgoingEmail verificationLink(
            EmailAddress to, DomainName domain, String companyName, String link, Instant expiresAt) {
        String text = "Someone administering the company account \"" + companyName + "\" asked to verify that "
                + domain + " belongs to it, and gave your address.\n\n"
                + "If your organisation uses that company account, confirm here:\n" + link + "\n\n"
                + "Once verified, people who sign up with an address at " + domain
                + " may be added to that company account.\n"
                + "The link works once, until " + WHEN.format(expiresAt)
                + ". If you did not expect this email, ignore it:"
                + " nothing happens unless someone opens the link and confirms.\n";
        String html = page("<p>Someone administering the company account <strong>" + Html.escape(companyName)
                + "</strong> asked to verify that <strong>" + Html.escape(domain.value())
                + "</strong> belongs to it, and gave your address.</p>"
                + "<p>If your organisation uses that company account, confirm here:</p>"
                + "<p><a href=\"" + Html.escape(link) + "\">Review and confirm " + Html.escape(domain.value())
                + "</a></p>"
                + "<p>Once verified, people who sign up with an address at " + Html.escape(domain.value())
                + " may be added to that company account. The link works once, until "
                + Html.escape(WHEN.format(expiresAt)) + ".</p>"
                + "<p>If you did not expect this email, ignore it: nothing happens unless someone opens the"
                + " link and confirms.</p>");
        return new OutgoingEmail(to, "Confirm the domain " + domain + " for a company account", text, html);
    }

    @Override
    public OutgoingEmail displaced(EmailAddress to, DomainName domain, String companyName) {
        String text = "Another organisation proved that it owns " + domain + " with a DNS record, so your company"
                + " account \"" + companyName + "\" no longer holds that domain.\n\n"
                + "People who sign up with an address at " + domain + " are no longer added to your company account"
                + " or shown it. Nobody was removed: members who joined through the domain stay.\n\n"
                + "If your organisation owns " + domain + ", claim it again with a DNS record in your company"
                + " settings.\n";
        String html = page("<p>Another organisation proved that it owns <strong>" + Html.escape(domain.value())
                + "</strong> with a DNS record, so your company account <strong>" + Html.escape(companyName)
                + "</strong> no longer holds that domain.</p>"
                + "<p>People who sign up with an address at " + Html.escape(domain.value())
                + " are no longer added to your company account or shown it. Nobody was removed: members who joined"
                + " through the domain stay.</p>"
                + "<p>If your organisation owns " + Html.escape(domain.value())
                + ", claim it again with a DNS record in your company settings.</p>");
        return new OutgoingEmail(to, "Your company account no longer holds " + domain, text, html);
    }

    @Override
    public OutgoingEmail captured(
            EmailAddress to,
            DomainName domain,
            String capturingCompany,
            String ownCompany,
            boolean canJoin,
            String link) {
        String choice = canJoin
                ? "You can join \"" + capturingCompany + "\" and keep \"" + ownCompany + "\", or keep going as you"
                        + " are: choose when you next sign in, at " + link + "\n"
                : "Nothing is asked of you. People at " + domain + " who want to join \"" + capturingCompany
                        + "\" can do so when they next sign in.\n";
        String text = "\"" + capturingCompany + "\" proved with a DNS record that it owns " + domain
                + ", and manages the company accounts of people at it: whoever signs up with an address at " + domain
                + " joins \"" + capturingCompany + "\", and nobody there can create a new company account.\n\n"
                + "Your company account \"" + ownCompany + "\" has members at " + domain
                + ". Nothing in it changed: nobody was moved or removed, and nothing will be without you.\n\n"
                + choice;
        String htmlChoice = canJoin
                ? "<p>You can join <strong>" + Html.escape(capturingCompany) + "</strong> and keep <strong>"
                        + Html.escape(ownCompany) + "</strong>, or keep going as you are: <a href=\""
                        + Html.escape(link) + "\">choose when you next sign in</a>.</p>"
                : "<p>Nothing is asked of you. People at " + Html.escape(domain.value()) + " who want to join <strong>"
                        + Html.escape(capturingCompany) + "</strong> can do so when they next sign in.</p>";
        String html = page("<p><strong>" + Html.escape(capturingCompany) + "</strong> proved with a DNS record that it"
                + " owns <strong>" + Html.escape(domain.value()) + "</strong>, and manages the company accounts of"
                + " people at it: whoever signs up with an address at " + Html.escape(domain.value()) + " joins it,"
                + " and nobody there can create a new company account.</p>"
                + "<p>Your company account <strong>" + Html.escape(ownCompany) + "</strong> has members at "
                + Html.escape(domain.value()) + ". Nothing in it changed: nobody was moved or removed, and nothing"
                + " will be without you.</p>"
                + htmlChoice);
        return new OutgoingEmail(to, domain + " is now managed by " + capturingCompany, text, html);
    }

    @Override
    public OutgoingEmail recheckFailing(
            EmailAddress to, DomainName domain, String companyName, DnsChallenge record, Instant graceEndsAt) {
        String text = "We could not find the DNS record that proves your company account \"" + companyName
                + "\" owns " + domain + ".\n\n"
                + "Publish it again:\n  name:  " + record.name() + "\n  type:  TXT\n  value: " + record.value()
                + "\n\nThe domain stays verified until " + WHEN.format(graceEndsAt)
                + ". If the record is still missing then, people at " + domain
                + " will no longer join your company account on their own.\n";
        String html = page("<p>We could not find the DNS record that proves your company account <strong>"
                + Html.escape(companyName) + "</strong> owns <strong>" + Html.escape(domain.value()) + "</strong>.</p>"
                + recordTable(record)
                + "<p>The domain stays verified until " + Html.escape(WHEN.format(graceEndsAt))
                + ". If the record is still missing then, people at " + Html.escape(domain.value())
                + " will no longer join your company account on their own.</p>");
        return new OutgoingEmail(to, "Action needed: the DNS record for " + domain + " is missing", text, html);
    }

    @Override
    public OutgoingEmail recheckUnanswered(
            EmailAddress to,
            DomainName domain,
            String companyName,
            DnsChallenge record,
            Instant since,
            Instant graceEndsAt) {
        String text = "We could not check the DNS record that proves your company account \"" + companyName
                + "\" owns " + domain + ": since " + WHEN.format(since)
                + ", every lookup of it failed without an answer (a timeout or a server failure, usually at the DNS"
                + " servers of " + domain + ")."
                + " The record itself may well be in place.\n\n"
                + "Please make sure the DNS servers of " + domain + " answer for this record:\n  name:  "
                + record.name() + "\n  type:  TXT\n  value: " + record.value()
                + "\n\nThe domain stays verified until " + WHEN.format(graceEndsAt)
                + ". If the record still cannot be checked then, people at " + domain
                + " will no longer join your company account on their own.\n";
        String html = page("<p>We could not check the DNS record that proves your company account <strong>"
                + Html.escape(companyName) + "</strong> owns <strong>" + Html.escape(domain.value())
                + "</strong>: since " + Html.escape(WHEN.format(since))
                + ", every lookup of it failed without an answer (a timeout or a server failure, usually at the DNS"
                + " servers of " + Html.escape(domain.value()) + "). The record itself may well be in place.</p>"
                + "<p>Please make sure the DNS servers of " + Html.escape(domain.value())
                + " answer for this record:</p>"
                + recordTable(record)
                + "<p>The domain stays verified until " + Html.escape(WHEN.format(graceEndsAt))
                + ". If the record still cannot be checked then, people at " + Html.escape(domain.value())
                + " will no longer join your company account on their own.</p>");
        return new OutgoingEmail(
                to, "Action needed: the DNS record for " + domain + " could not be checked", text, html);
    }

    @Override
    public OutgoingEmail unverified(EmailAddress to, DomainName domain, String companyName, DnsChallenge record) {
        String text = "The DNS record that proved your company account \"" + companyName + "\" owns " + domain
                + " could not be confirmed through the grace period (it was missing or wrong, or lookups of it got no"
                + " answer), so the domain is now unverified.\n\n"
                + "People who sign up with an address at " + domain
                + " are no longer added to your company account. Nobody was removed.\n\n"
                + "To verify it again, publish the record and check it from your company settings:\n  name:  "
                + record.name() + "\n  type:  TXT\n  value: " + record.value() + "\n";
        String html = page("<p>The DNS record that proved your company account <strong>" + Html.escape(companyName)
                + "</strong> owns <strong>" + Html.escape(domain.value())
                + "</strong> could not be confirmed through the grace period (it was missing or wrong, or lookups of"
                + " it got no answer), so the domain is now unverified.</p>"
                + "<p>People who sign up with an address at " + Html.escape(domain.value())
                + " are no longer added to your company account. Nobody was removed.</p>"
                + "<p>To verify it again, publish the record and check it from your company settings:</p>"
                + recordTable(record));
        return new OutgoingEmail(to, domain + " is no longer verified for your company account", text, html);
    }

    private static String recordTable(DnsChallenge record) {
        return "<table><tr><th align=\"left\">Name</th><td><code>" + Html.escape(record.name()) + "</code></td></tr>"
                + "<tr><th align=\"left\">Type</th><td><code>TXT</code></td></tr>"
                + "<tr><th align=\"left\">Value</th><td><code>" + Html.escape(record.value())
                + "</code></td></tr></table>";
    }

    private static String page(String body) {
        return "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">" + body + "</body></html>";
    }
}
