package dev.autojoin.adapter.dynamodb;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=TOKEN#sha256, SK=TOKEN: where a link leads. Never changed once written: whether the link still works is the
 * invitation's business (its status, its expiry, its current token).
 */
final class InvitationTokenItem extends BaseItem {
    static final String TYPE = "invitation_token";

    static final StaticTableSchema<InvitationTokenItem> SCHEMA = StaticTableSchema.builder(InvitationTokenItem.class)
            .newItemSupplier(InvitationTokenItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    String.class,
                    a -> a.name("inviteId").getter(i -> i.inviteId).setter((i, v) -> i.inviteId = v))
            .build();

    String companyId;
    String inviteId;

    static InvitationTokenItem of(String tokenHash, String companyId, String inviteId, long expiresAt) {
        InvitationTokenItem item = new InvitationTokenItem();
        item.setPk(Keys.token(tokenHash));
        item.setSk(Keys.TOKEN);
        item.setType(TYPE);
        item.setExpiresAt(expiresAt);
        item.companyId = companyId;
        item.inviteId = inviteId;
        return item;
    }
}
