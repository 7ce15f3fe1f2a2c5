package dev.autojoin.adapter.ses;

import dev.autojoin.app.InvitationTemplate;
import dev.autojoin.domain.Invitation;
import dev.autojoin.domain.InvitationToken;
import dev.autojoin.domain.OutgoingEmail;
import java.net.URI;

/**
 * The invitation email, as plain text and HTML. The link is built from the configured app URL, never from a
 * request; names people typed are cut to one line (nothing reaches a header with a line break) and escaped in HTML.
 */
public final class InvitationEmailTemplate implements InvitationTemplate {
    private static final int MAX_SUBJECT = 200;

    private final String appBaseUrl;

    public InvitationEmailTemplate(URI appBaseUrl) {
        String base = appBaseUrl.toString();
        this.appBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Where the email's link points: the page of {@code GET /invites/{token}}. */
    public String link(InvitationToken token) {
        return appBaseUrl + "/invites/" + token.value();
    }

    @Override
    public OutgoingEmail compose(Invitation invitation, InvitationToken token) {
        String company = OutgoingEmail.oneLine(invitation.companyName());
        String inviter = OutgoingEmail.oneLine(invitation.inviter().display());
        String link = link(token);
        String role = InvitationWording.role(invitation.role());
        String expires = InvitationWording.moment(invitation.expiresAt());
        String text = "Hello,\n\n"
                + inviter + " invited you to join " + company + " as " + role + ".\n\n"
                + "Accept the invitation:\n" + link + "\n\n"
                + "The link works once and expires on " + expires + ". If you did not expect this invitation,"
                + " ignore this email: nothing happens unless you sign in and accept.\n";
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Invitation to join " + Html.escape(company) + "</title></head>\n"
                + "<body style=\"font-family:sans-serif;line-height:1.5;color:#222\">\n"
                + "<p>Hello,</p>\n"
                + "<p><strong>" + Html.escape(inviter) + "</strong> invited you to join <strong>"
                + Html.escape(company) + "</strong> as " + role + ".</p>\n"
                + "<p><a href=\"" + Html.escape(link) + "\" style=\"display:inline-block;padding:10px 18px;"
                + "background:#1a56db;color:#fff;text-decoration:none;border-radius:4px\">Accept the invitation</a></p>\n"
                + "<p style=\"font-size:13px;color:#555\">Or open this link: " + Html.escape(link) + "</p>\n"
                + "<p style=\"font-size:13px;color:#555\">The link works once and expires on " + expires
                + ". If you did not expect this invitation, ignore this email: nothing happens unless you sign in"
                + " and accept.</p>\n"
                + "</body></html>\n";
        return new OutgoingEmail(invitation.email(), subject(inviter, company), text, html);
    }

    private static String subject(String inviter, String company) {
        String subject = inviter + " invited you to join " + company;
        if (subject.length() <= MAX_SUBJECT) {
            return subject;
        }
        String shorter = "You are invited to join " + company;
        return shorter.length() <= MAX_SUBJECT ? shorter : shorter.substring(0, MAX_SUBJECT - 3) + "...";
    }
}
