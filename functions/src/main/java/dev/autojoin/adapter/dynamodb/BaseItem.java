package dev.autojoin.adapter.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** The generic attributes every item carries: keys, the GSI1 keys, the entity type and the TTL. */
abstract class BaseItem {
    static final StaticTableSchema<BaseItem> SCHEMA = StaticTableSchema.builder(BaseItem.class)
            .addAttribute(String.class, a -> a.name("PK")
                    .getter(BaseItem::getPk)
                    .setter(BaseItem::setPk)
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("SK")
                    .getter(BaseItem::getSk)
                    .setter(BaseItem::setSk)
                    .tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name("GSI1PK")
                    .getter(BaseItem::getGsi1pk)
                    .setter(BaseItem::setGsi1pk)
                    .tags(secondaryPartitionKey(Keys.GSI1)))
            .addAttribute(String.class, a -> a.name("GSI1SK")
                    .getter(BaseItem::getGsi1sk)
                    .setter(BaseItem::setGsi1sk)
                    .tags(secondarySortKey(Keys.GSI1)))
            .addAttribute(
                    String.class, a -> a.name("type").getter(BaseItem::getType).setter(BaseItem::setType))
            .addAttribute(
                    Long.class,
                    a -> a.name("expiresAt").getter(BaseItem::getExpiresAt).setter(BaseItem::setExpiresAt))
            .build();

    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String type;
    private Long expiresAt;

    public String getPk() {
        return pk;
    }

    public void setPk(String pk) {
        this.pk = pk;
    }

    public String getSk() {
        return sk;
    }

    public void setSk(String sk) {
        this.sk = sk;
    }

    public String getGsi1pk() {
        return gsi1pk;
    }

    public void setGsi1pk(String gsi1pk) {
        this.gsi1pk = gsi1pk;
    }

    public String getGsi1sk() {
        return gsi1sk;
    }

    public void setGsi1sk(String gsi1sk) {
        this.gsi1sk = gsi1sk;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
