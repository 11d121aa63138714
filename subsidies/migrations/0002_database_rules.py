"""Three rules that hold in the database whatever the code does (subsidies/models.py explains them)."""

from django.db import migrations

# The call's allocated total follows its applications' allocated amounts. The call's row is locked first, so two
# allocations in the same call at the same moment take turns, and the second sees the first's amount; the check
# constraint regeling_never_over_allocated then refuses a total above the budget.
ALLOCATED_TOTAL = """
CREATE FUNCTION subsidies_keep_allocated_total() RETURNS trigger AS $$
DECLARE
    call_id bigint;
BEGIN
    FOR call_id IN
        SELECT DISTINCT id FROM (VALUES (
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.regeling_id END
        ), (
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.regeling_id END
        )) AS calls(id) WHERE id IS NOT NULL ORDER BY id
    LOOP
        PERFORM 1 FROM subsidies_regeling WHERE id = call_id FOR UPDATE;
        UPDATE subsidies_regeling SET allocated_total = (
            SELECT COALESCE(SUM(allocated_amount), 0) FROM subsidies_aanvraag WHERE regeling_id = call_id
        ) WHERE id = call_id;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER subsidies_aanvraag_allocated_total
AFTER INSERT OR DELETE OR UPDATE OF allocated_amount, regeling_id ON subsidies_aanvraag
FOR EACH ROW EXECUTE FUNCTION subsidies_keep_allocated_total();
"""

# A member scores an application only after declaring that they have no conflict of interest with it.
SCORE_AFTER_DECLARATION = """
CREATE FUNCTION subsidies_review_needs_declaration() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM subsidies_belangenverklaring
        WHERE aanvraag_id = NEW.aanvraag_id AND member_id = NEW.member_id AND NOT has_conflict
    ) THEN
        RAISE EXCEPTION 'subsidies: member % has not declared to have no conflict with application %',
            NEW.member_id, NEW.aanvraag_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER subsidies_beoordeling_needs_declaration
BEFORE INSERT OR UPDATE ON subsidies_beoordeling
FOR EACH ROW EXECUTE FUNCTION subsidies_review_needs_declaration();
"""

# The history of an application is written once and never changed.
HISTORY_APPEND_ONLY = """
CREATE FUNCTION subsidies_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER subsidies_historie_append_only
BEFORE UPDATE ON subsidies_historie
FOR EACH ROW EXECUTE FUNCTION subsidies_history_append_only();

CREATE TRIGGER subsidies_beoordelinghistorie_append_only
BEFORE UPDATE ON subsidies_beoordelinghistorie
FOR EACH ROW EXECUTE FUNCTION subsidies_history_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0001_calls_applications_committee")]

    operations = [
        migrations.RunSQL(
            ALLOCATED_TOTAL,
            "DROP TRIGGER subsidies_aanvraag_allocated_total ON subsidies_aanvraag; "
            "DROP FUNCTION subsidies_keep_allocated_total();",
        ),
        migrations.RunSQL(
            SCORE_AFTER_DECLARATION,
            "DROP TRIGGER subsidies_beoordeling_needs_declaration ON subsidies_beoordeling; "
            "DROP FUNCTION subsidies_review_needs_declaration();",
        ),
        migrations.RunSQL(
            HISTORY_APPEND_ONLY,
            "DROP TRIGGER subsidies_historie_append_only ON subsidies_historie; "
            "DROP TRIGGER subsidies_beoordelinghistorie_append_only ON subsidies_beoordelinghistorie; "
            "DROP FUNCTION subsidies_history_append_only();",
        ),
    ]
