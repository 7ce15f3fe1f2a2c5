package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.CompanyStore;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Company;
import dev.autojoin.domain.Membership;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

public final class DynamoDbCompanyStore implements CompanyStore {
    private final SingleTable table;

    public DynamoDbCompanyStore(SingleTable table) {
        this.table = table;
    }

    @Override
    public void create(Company company, Membership owner, AuditEntry created) {
        // One invariant across items (a company always has an owner, every change its audit entry): a transaction.
        table.transact(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(
                        table.companies,
                        TransactPutItemEnhancedRequest.builder(CompanyItem.class)
                                .item(CompanyItem.from(company))
                                .conditionExpression(SingleTable.NOT_EXISTS)
                                .build())
                .addPutItem(
                        table.memberships,
                        TransactPutItemEnhancedRequest.builder(MembershipItem.class)
                                .item(MembershipItem.from(owner))
                                .conditionExpression(SingleTable.NOT_EXISTS)
                                .build())
                .addPutItem(table.audit, table.auditPut(created))
                .build());
    }

    @Override
    public Optional<Company> find(String companyId) {
        CompanyItem item = table.companies.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder()
                        .partitionValue(Keys.company(companyId))
                        .sortValue(Keys.PROFILE)
                        .build())
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(CompanyItem::toDomain);
    }
}
