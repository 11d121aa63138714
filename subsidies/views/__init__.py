"""Pages of subsidies, one module per reader: `public` (open calls, registering as an initiative), `applicant`
(drafting, attachments, submitting, reports), `committee` (conflicts, blind reviews, the ranking), `coordinator`
(running a call: eligibility, information requests, allocation, decisions, payments, reports) and `files`
(attachments, served only to who may read them)."""
