package dev.autojoin.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an email was about, sent along as SES message tags: SES hands them back with the email's bounce or complaint,
 * so the feedback reaches the invitation or the member it concerns without a lookup by address. Any part may be
 * absent.
 */
public record MailTags(String kind, String companyId, String invitationId, String userId) {
    public static final String INVITATION = "invitation";
    public static final String DOMAIN_VERIFICATION = "domain_verification";
    public static final String DOMAIN_NOTICE = "domain_notice";
    public static final String JOIN_DIGEST = "join_digest";

    public static final MailTags NONE = new MailTags(null, null, null, null);

    /** What SES accepts in a tag name or value. */
    private static final Pattern SES_TAG = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    public static MailTags invitation(String companyId, String invitationId) {
        return new MailTags(INVITATION, companyId, invitationId, null);
    }

    public static MailTags domainVerification(String companyId) {
        return new MailTags(DOMAIN_VERIFICATION, companyId, null, null);
    }

    /** Mail to a member: a bounce of it is surfaced on that member's memberships. */
    public static MailTags toMember(String kind, String companyId, String userId) {
        return new MailTags(kind, companyId, null, userId);
    }

    /**
     * The tags as SES takes them. A value SES would refuse (a user id from an identity provider that puts {@code |} in
     * its ids, say) is left off: a tag helps feedback find its way back and is never a reason not to send.
     */
    public Map<String, String> asMap() {
        Map<String, String> tags = new LinkedHashMap<>();
        put(tags, "kind", kind);
        put(tags, "companyId", companyId);
        put(tags, "invitationId", invitationId);
        put(tags, "userId", userId);
        return tags;
    }

    /** The tags SES handed back (the first value of each); foreign and absent ones are null. */
    public static MailTags from(Map<String, String> tags) {
        return new MailTags(
                valid(tags.get("kind")),
                valid(tags.get("companyId")),
                valid(tags.get("invitationId")),
                valid(tags.get("userId")));
    }

    private static void put(Map<String, String> tags, String name, String value) {
        if (valid(value) != null) {
            tags.put(name, value);
        }
    }

    private static String valid(String value) {
        return value != null && SES_TAG.matcher(value).matches() ? value : null;
    }
}
