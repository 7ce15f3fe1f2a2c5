package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.DomainStore;
import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.DomainAlreadyClaimedException;
import dev.autojoin.domain.DomainClaim;
import dev.autojoin.domain.DomainName;
import dev.autojoin.domain.PreconditionFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

public final class DynamoDbDomainStore implements DomainStore {
    private final SingleTable table;

    public DynamoDbDomainStore(SingleTable table) {
        this.table = table;
    }

    @Override
    public Optional<DomainClaim> find(DomainName domain) {
        DomainClaimItem item = table.domains.getItem(GetItemEnhancedRequest.builder()
                .key(key(domain))
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(DomainClaimItem::toDomain);
    }

    @Override
    public List<DomainClaim> candidates(DomainName emailDomain) {
        List<DomainName> ancestors = emailDomain.ancestors();
        if (ancestors.isEmpty()) {
            DomainClaimItem item = table.domains.getItem(key(emailDomain));
            return item == null ? List.of() : List.of(item.toDomain());
        }
        ReadBatch.Builder<DomainClaimItem> batch = ReadBatch.builder(DomainClaimItem.class)
                .mappedTableResource(table.domains)
                .addGetItem(key(emailDomain));
        ancestors.forEach(ancestor -> batch.addGetItem(key(ancestor)));
        List<DomainClaim> found = new ArrayList<>();
        table.enhanced
                .batchGetItem(BatchGetItemEnhancedRequest.builder()
                        .readBatches(batch.build())
                        .build())
                .resultsForTable(table.domains)
                .forEach(item -> found.add(item.toDomain()));
        return found;
    }

    @Override
    public void claim(DomainClaim claim, AuditEntry claimed) {
        boolean written = table.transact(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(
                        table.domains,
                        TransactPutItemEnhancedRequest.builder(DomainClaimItem.class)
                                .item(DomainClaimItem.from(claim))
                                .conditionExpression(SingleTable.NOT_EXISTS)
                                .build())
                .addPutItem(table.audit, table.auditPut(claimed))
                .build());
        if (!written) {
            throw new DomainAlreadyClaimedException(claim.domain());
        }
    }

    @Override
    public DomainClaim update(DomainClaim changed, long expectedVersion, AuditEntry updated) {
        boolean written = table.transact(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(
                        table.domains,
                        TransactPutItemEnhancedRequest.builder(DomainClaimItem.class)
                                .item(DomainClaimItem.from(changed))
                                .conditionExpression(Expression.builder()
                                        .expression("companyId = :company AND version = :version")
                                        .expressionValues(Map.of(
                                                ":company", AttributeValue.fromS(changed.companyId()),
                                                ":version", AttributeValue.fromN(Long.toString(expectedVersion))))
                                        .build())
                                .build())
                .addPutItem(table.audit, table.auditPut(updated))
                .build());
        if (!written) {
            throw new PreconditionFailedException(
                    "version_conflict", "The domain changed while you were editing it; reload and try again.");
        }
        return changed;
    }

    @Override
    public List<DomainClaim> forCompany(String companyId) {
        List<DomainClaim> claims = new ArrayList<>();
        table.domains
                .index(Keys.GSI1)
                .query(QueryConditional.sortBeginsWith(Key.builder()
                        .partitionValue(Keys.company(companyId))
                        .sortValue(Keys.DOMAIN_PREFIX)
                        .build()))
                .forEach(page -> page.items().forEach(item -> claims.add(item.toDomain())));
        return claims;
    }

    private static Key key(DomainName domain) {
        return Key.builder()
                .partitionValue(Keys.domain(domain.value()))
                .sortValue(Keys.CLAIM)
                .build();
    }
}
