package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.CompanyAdmins;
import dev.autojoin.domain.Membership;
import dev.autojoin.domain.Permission;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** The company's members who may manage settings: one Query on COMPANY#id, SK begins_with MEMBER#. */
public final class DynamoDbCompanyAdmins implements CompanyAdmins {
    private final SingleTable table;

    public DynamoDbCompanyAdmins(SingleTable table) {
        this.table = table;
    }

    @Override
    public List<Membership> of(String companyId) {
        List<Membership> admins = new ArrayList<>();
        table.memberships
                .query(QueryConditional.sortBeginsWith(Key.builder()
                        .partitionValue(Keys.company(companyId))
                        .sortValue(Keys.MEMBER_PREFIX)
                        .build()))
                .items()
                .forEach(item -> {
                    Membership member = item.toDomain();
                    if (member.email() != null && member.may(Permission.MANAGE_SETTINGS)) {
                        admins.add(member);
                    }
                });
        return admins;
    }
}
