"""Pages of subsidies, one module per reader and task: `public` (open calls, registering as an initiative),
`applicant` (drafting, attachments, submitting, withdrawing), `files` (attachments, served only to who may read
them), `calls` and `eligibility` (the coördinator's calls and the checks before the committee), `committee`
(declarations and blind reviews), `ranking` (the committee's ranking and its export), `grants` (allocation,
decisions, letters, payments, settlement) and `reports` (reports after the grant, the sociale kaart)."""
