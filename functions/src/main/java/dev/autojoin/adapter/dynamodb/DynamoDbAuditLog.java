package dev.autojoin.adapter.dynamodb;

import dev.autojoin.app.AuditLog;
import dev.autojoin.app.Page;
import dev.autojoin.domain.AuditEntry;

public final class DynamoDbAuditLog implements AuditLog {
    private final SingleTable table;

    public DynamoDbAuditLog(SingleTable table) {
        this.table = table;
    }

    @Override
    public Page<AuditEntry> newestFirst(String companyId, Page.Request page) {
        // Sort keys are AUDIT#<ISO time>#<id>: reading the partition backwards is newest first. TTL may lag, so
        // entries past their retention can still show for up to a few days; they are not hidden on read.
        return Cursors.query(
                table.audit(), Keys.company(companyId), Keys.AUDIT_PREFIX, page, true, AuditItem::toDomain);
    }
}
