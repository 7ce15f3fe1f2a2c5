package dev.autojoin.handler;

import dev.autojoin.adapter.ses.Html;
import dev.autojoin.adapter.ses.InvitationWording;
import dev.autojoin.app.ShowInvitation;
import dev.autojoin.domain.Invitation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small page an invitation link opens. It changes nothing and says so; its one action leads to the web app
 * (configured, never the request's Host), where the person signs in and accepts. No referrer leaves it, nothing
 * caches it, and its CSP allows nothing but its own inline style.
 */
final class InvitePage {
    private static final String STYLE = "body{font-family:sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;"
            + "line-height:1.5;color:#222}a.button{display:inline-block;padding:.6rem 1.2rem;background:#1a56db;"
            + "color:#fff;text-decoration:none;border-radius:4px}.muted{color:#555;font-size:.9rem}";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String appBaseUrl;

    InvitePage(URI appBaseUrl) {
        String base = appBaseUrl.toString();
        this.appBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Where "sign in to accept" leads: the web app, with the token in the fragment, which no server ever receives. */
    String acceptLink(String rawToken) {
        return appBaseUrl + "/#/accept-invite?token=" + rawToken;
    }

    ApiResponse preview(ShowInvitation.Preview preview, String rawToken) {
        Invitation invitation = preview.invitation();
        String company = Html.escape(invitation.companyName());
        if (preview.replaced()) {
            return page(
                    410,
                    "This link was replaced",
                    "<p>A newer invitation email replaced this link. Use the link in" + " the most recent email from "
                            + company + ".</p>");
        }
        switch (preview.status()) {
            case REVOKED:
                return page(
                        410,
                        "Invitation revoked",
                        "<p>This invitation to join " + company
                                + " was revoked. Ask the person who invited you for a new one.</p>");
            case BOUNCED:
                return page(
                        410,
                        "Invitation withdrawn",
                        "<p>Email to this address bounced or was reported as unwanted, so this invitation to join "
                                + company + " was withdrawn. Ask the person who invited you for a new one.</p>");
            case EXPIRED:
                return page(
                        410,
                        "Invitation expired",
                        "<p>This invitation to join " + company + " expired on "
                                + InvitationWording.moment(invitation.expiresAt())
                                + ". Ask the person who invited you for a new one.</p>");
            case ACCEPTED:
                return page(
                        200,
                        "Invitation accepted",
                        "<p>This invitation to join " + company
                                + " was accepted already.</p><p><a class=\"button\" rel=\"noreferrer\" href=\""
                                + Html.escape(appBaseUrl + "/") + "\">Go to the app</a></p>");
            default:
                return page(
                        200,
                        "Join " + invitation.companyName(),
                        "<p><strong>"
                                + Html.escape(invitation.inviter().publicDisplay())
                                + "</strong> invited you to join <strong>"
                                + company + "</strong> as " + InvitationWording.role(invitation.role()) + ".</p>"
                                + "<p><a class=\"button\" rel=\"noreferrer\" href=\""
                                + Html.escape(acceptLink(rawToken))
                                + "\">Sign in to accept</a></p>"
                                + "<p class=\"muted\">The invitation is for "
                                + Html.escape(invitation.email().masked())
                                + " and expires on " + InvitationWording.moment(invitation.expiresAt())
                                + ". Opening this page changes nothing: you join only when you sign in and accept.</p>");
        }
    }

    ApiResponse notFound() {
        return page(
                404,
                "Invitation not found",
                "<p>This invitation link is not valid. Check that you opened the" + " whole link from the email.</p>");
    }

    /** The headers every answer of the invitation link carries, HTML or JSON. */
    static ApiResponse guarded(ApiResponse response) {
        return response.withHeader("cache-control", "no-store")
                .withHeader("referrer-policy", "no-referrer")
                .withHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .withHeader("x-frame-options", "DENY");
    }

    private static ApiResponse page(int status, String title, String body) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\">"
                + "<title>" + Html.escape(title) + "</title><style>" + STYLE + "</style></head>\n<body>\n<h1>"
                + Html.escape(title) + "</h1>\n" + body + "\n</body></html>\n";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/html; charset=utf-8");
        headers.put("x-content-type-options", "nosniff");
        return guarded(new ApiResponse(status, headers, html));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
