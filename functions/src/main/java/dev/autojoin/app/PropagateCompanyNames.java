package dev.autojoin.app;

import java.time.Duration;

/** Scheduled: finishes copying new company names that a rename could not copy within its own request. */
public final class PropagateCompanyNames {
    private final CompanyStore companies;

    public PropagateCompanyNames(CompanyStore companies) {
        this.companies = companies;
    }

    /** The number of companies still unfinished when {@code budget} ran out. */
    public int run(Duration budget) {
        long until = System.nanoTime() + budget.toNanos();
        int unfinished = 0;
        for (String companyId : companies.renamesPending()) {
            Duration left = Duration.ofNanos(until - System.nanoTime());
            if (left.isNegative() || !companies.propagateName(companyId, left)) {
                unfinished++;
            }
        }
        return unfinished;
    }
}
