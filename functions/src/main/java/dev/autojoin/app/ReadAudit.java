package dev.autojoin.app;

import dev.autojoin.domain.AuditEntry;
import dev.autojoin.domain.Caller;
import dev.autojoin.domain.Permission;

/** GET /companies/{id}/audit: newest first, for those who may change the settings. */
public final class ReadAudit {
    private final Access access;
    private final AuditLog log;

    public ReadAudit(Access access, AuditLog log) {
        this.access = access;
        this.log = log;
    }

    public Page<AuditEntry> read(Caller caller, String companyId, Page.Request page) {
        access.require(caller, companyId, Permission.MANAGE_SETTINGS);
        return log.newestFirst(companyId, page);
    }
}
