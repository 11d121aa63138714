"""Changes to coalition data that several apps share: the outbox of e-mails."""
