"""A GGD figure or a population count of a wijk belongs to the gemeente that wijk lies in (monitoring/models.py).

A check constraint sees one row only; this trigger looks the wijk up, so a bulk insert, a raw update or a bug in an
import is refused as well as what clean() already catches in forms and imports.
"""

from django.db import migrations

WIJK_IN_GEMEENTE = """
CREATE FUNCTION monitoring_wijk_in_gemeente() RETURNS trigger AS $$
BEGIN
    IF NEW.wijk_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM coalition_wijk WHERE id = NEW.wijk_id AND gemeente_id = NEW.gemeente_id
    ) THEN
        RAISE EXCEPTION '%: wijk % does not lie in gemeente %', TG_TABLE_NAME, NEW.wijk_id, NEW.gemeente_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER monitoring_gezondheidscijfer_wijk_in_gemeente
BEFORE INSERT OR UPDATE OF gemeente_id, wijk_id ON monitoring_gezondheidscijfer
FOR EACH ROW EXECUTE FUNCTION monitoring_wijk_in_gemeente();

CREATE TRIGGER monitoring_inwonertal_wijk_in_gemeente
BEFORE INSERT OR UPDATE OF gemeente_id, wijk_id ON monitoring_inwonertal
FOR EACH ROW EXECUTE FUNCTION monitoring_wijk_in_gemeente();
"""

DROP_WIJK_IN_GEMEENTE = """
DROP TRIGGER monitoring_gezondheidscijfer_wijk_in_gemeente ON monitoring_gezondheidscijfer;
DROP TRIGGER monitoring_inwonertal_wijk_in_gemeente ON monitoring_inwonertal;
DROP FUNCTION monitoring_wijk_in_gemeente();
"""


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_ggd_figures_ambitions_population")]

    operations = [migrations.RunSQL(WIJK_IN_GEMEENTE, DROP_WIJK_IN_GEMEENTE)]
