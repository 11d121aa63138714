"""The changes of subsidies, one module per area: `core` (locking, the state change and the history line every
service writes), `applications` (the applicant's drafts, attachments and submission), `committee` (eligibility,
conflicts of interest, blind reviews), `grants` (allocation, decisions, decision letters, payments, settlement)
and `reports` (reporting deadlines, reminders and reports). Every function runs in one transaction."""
