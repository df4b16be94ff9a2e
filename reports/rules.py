"""Who may read the statistics forms: the emulation office (for its body) and the admin."""

import rules

from organisation.rules import is_admin, is_office

rules.add_perm("reports.view_reports", is_admin | is_office)
