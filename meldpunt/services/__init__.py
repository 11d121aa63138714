"""Changes to the meldpunt's cases. One function per state transition, each in a transaction, each leaving a
line on the case's timeline (`Gebeurtenis`, append-only) and in the audit log (`AuditRegel`)."""
