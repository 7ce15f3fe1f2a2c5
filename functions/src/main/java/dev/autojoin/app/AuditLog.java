package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;

/** Reads the audit entries every change writes in its own transaction. */
public interface AuditLog {
    Page<AuditEntry> newestFirst(String companyId, Page.Request page);
}
