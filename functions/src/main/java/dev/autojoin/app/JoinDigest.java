package dev.autojoin.app;

import dev.autojoin.domain.Company;
import dev.autojoin.domain.EmailAddress;
import dev.autojoin.domain.JoinNotice;
import dev.autojoin.domain.OutgoingEmail;
import java.net.URI;
import java.util.List;

/**
 * The digest email an admin gets: who joined, who asked to join, and whose invitation was refused because its
 * inviter can no longer grant it, since the last one.
 */
final class JoinDigest {
    static final int MAX_LISTED = 50;

    private JoinDigest() {}

    static OutgoingEmail render(Company company, List<JoinNotice> notices, EmailAddress to, URI appBaseUrl) {
        List<JoinNotice> joined = ofKind(notices, JoinNotice.Kind.JOINED);
        List<JoinNotice> requested = ofKind(notices, JoinNotice.Kind.REQUESTED);
        List<JoinNotice> refused = ofKind(notices, JoinNotice.Kind.INVITATION_REFUSED);
        String base = appBaseUrl.toString().replaceAll("/+$", "") + "/companies/" + company.id();
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!doctype html><html><body>");
        String quoted = "the company \u201c" + company.name() + "\u201d";
        section(text, html, joined, "joined " + quoted, base + "/members", "See the members");
        section(text, html, requested, "asked to join " + quoted, base + "/join-requests", "Review requests");
        section(
                text,
                html,
                refused,
                "could not accept an invitation to " + quoted
                        + ": whoever sent it was removed or can no longer grant its role and permissions. Revoke it,"
                        + " or send a new one yourself",
                base + "/invites",
                "See the invitations");
        text.append("You get this because you manage members of ")
                .append(quoted)
                .append(". Admins choose these emails in the company settings.\n");
        html.append("<p>You get this because you manage members of ")
                .append(escape(quoted))
                .append(". Admins choose these emails in the company settings.</p></body></html>");
        return new OutgoingEmail(
                to, subject(joined.size(), requested.size(), refused.size()), text.toString(), html.toString());
    }

    /** The product's words and counts only: the company's name, which its users typed, stays in the body, quoted. */
    static String subject(int joined, int requested, int refused) {
        if (refused == 0) {
            return subject(joined, requested);
        }
        String invitations = refused + (refused == 1 ? " invitation" : " invitations") + " could not be accepted";
        return joined + requested == 0
                ? invitations + " at a company you manage"
                : subject(joined, requested) + "; " + invitations;
    }

    private static String subject(int joined, int requested) {
        String where = " a company you manage";
        if (requested == 0) {
            return joined + (joined == 1 ? " person" : " people") + " joined" + where;
        }
        if (joined == 0) {
            return requested + (requested == 1 ? " request" : " requests") + " to join" + where;
        }
        return joined + " joined, " + requested + " asked to join" + where;
    }

    private static void section(
            StringBuilder text, StringBuilder html, List<JoinNotice> notices, String what, String link, String label) {
        if (notices.isEmpty()) {
            return;
        }
        text.append(notices.size())
                .append(notices.size() == 1 ? " person " : " people ")
                .append(what)
                .append(":\n");
        html.append("<p>")
                .append(notices.size())
                .append(notices.size() == 1 ? " person " : " people ")
                .append(escape(what))
                .append(":</p><ul>");
        notices.stream().limit(MAX_LISTED).forEach(n -> {
            text.append("  - ")
                    .append(n.email().value())
                    .append(" (")
                    .append(n.at())
                    .append(")\n");
            html.append("<li>")
                    .append(escape(n.email().value()))
                    .append(" <small>")
                    .append(n.at())
                    .append("</small></li>");
        });
        if (notices.size() > MAX_LISTED) {
            text.append("  and ").append(notices.size() - MAX_LISTED).append(" more\n");
            html.append("<li>and ").append(notices.size() - MAX_LISTED).append(" more</li>");
        }
        text.append(label).append(": ").append(link).append("\n\n");
        html.append("</ul><p><a href=\"")
                .append(escape(link))
                .append("\">")
                .append(label)
                .append("</a></p>");
    }

    private static List<JoinNotice> ofKind(List<JoinNotice> notices, JoinNotice.Kind kind) {
        return notices.stream().filter(n -> n.kind() == kind).toList();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
