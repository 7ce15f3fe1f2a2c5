package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.CompanyAdmins;
import dev.autojoin.domain.Membership;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** The company's managers: one Query on the sparse GSI2 partition MANAGERS#id, paged; it reads the managers only. */
public final class DynamoDbCompanyAdmins implements CompanyAdmins {
    private final SingleTable table;

    public DynamoDbCompanyAdmins(SingleTable table) {
        this.table = table;
    }

    @Override
    public List<Membership> managers(String companyId) {
        List<Membership> managers = new ArrayList<>();
        table.memberships()
                .index(Keys.GSI2)
                .query(QueryConditional.keyEqualTo(Keys.of(Keys.managers(companyId))))
                .forEach(page -> page.items().forEach(item -> managers.add(item.toDomain())));
        return managers;
    }
}
