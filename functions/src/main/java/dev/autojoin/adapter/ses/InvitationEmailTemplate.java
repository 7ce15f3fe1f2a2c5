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
                + inviter + " invited you to join the company \u201c" + company + "\u201d as " + role + ".\n\n"
                + "Accept the invitation:\n" + link + "\n\n"
                + "The link works once and expires on " + expires + ". If you did not expect this invitation,"
                + " ignore this email: nothing happens unless you sign in and accept.\n";
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Invitation to join " + Html.escape(company) + "</title></head>\n"
                + "<body style=\"font-family:sans-serif;line-height:1.5;color:#222\">\n"
                + "<p>Hello,</p>\n"
                + "<p><strong>" + Html.escape(inviter) + "</strong> invited you to join the company \u201c"
                + Html.escape(company) + "\u201d as " + role + ".</p>\n"
                + "<p><a href=\"" + Html.escape(link) + "\" style=\"display:inline-block;padding:10px 18px;"
                + "background:#1a56db;color:#fff;text-decoration:none;border-radius:4px\">Accept the invitation</a></p>\n"
                + "<p style=\"font-size:13px;color:#555\">Or open this link: " + Html.escape(link) + "</p>\n"
                + "<p style=\"font-size:13px;color:#555\">The link works once and expires on " + expires
                + ". If you did not expect this invitation, ignore this email: nothing happens unless you sign in"
                + " and accept.</p>\n"
                + "</body></html>\n";
        return new OutgoingEmail(invitation.email(), SUBJECT, text, html);
    }

    /**
     * The product's own words only: the company's name and the inviter's are what its users typed, so they appear in
     * the body, quoted, and never in a subject line that would read as if this product said them.
     */
    static final String SUBJECT = "You are invited to a company account";
}
