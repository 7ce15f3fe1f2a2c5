package dev.autojoin.adapter.dynamodb;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * PK=COMPANY#id, SK=RENAME; GSI1PK=RENAME#pending, GSI1SK=COMPANY#id: the company was renamed (at profile version
 * {@code version}) and the new name has not reached every membership, suggestion and domain claim yet.
 */
final class RenameItem extends BaseItem {
    static final String TYPE = "rename";

    static final StaticTableSchema<RenameItem> SCHEMA = StaticTableSchema.builder(RenameItem.class)
            .newItemSupplier(RenameItem::new)
            .extend(BaseItem.SCHEMA)
            .addAttribute(
                    String.class,
                    a -> a.name("companyId").getter(i -> i.companyId).setter((i, v) -> i.companyId = v))
            .addAttribute(
                    Long.class, a -> a.name("version").getter(i -> i.version).setter((i, v) -> i.version = v))
            .build();

    String companyId;
    Long version;

    static RenameItem of(String companyId, long version) {
        RenameItem item = new RenameItem();
        item.setPk(Keys.company(companyId));
        item.setSk(Keys.RENAME);
        item.setGsi1pk(Keys.RENAMES_PENDING);
        item.setGsi1sk(Keys.company(companyId));
        item.setType(TYPE);
        item.companyId = companyId;
        item.version = version;
        return item;
    }
}
