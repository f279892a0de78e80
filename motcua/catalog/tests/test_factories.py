import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.tests.factories import ComponentFactory, FeeFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def test_procedure_factory_builds_a_published_procedure_with_a_current_version():
    procedure = ProcedureFactory(version__name="Cấp giấy phép lao động")
    assert procedure.current_version is not None
    assert procedure.current_version.name_folded == "cap giay phep lao dong"
    assert Procedure.objects.published().filter(pk=procedure.pk).exists()


def test_component_and_fee_factories_hang_off_one_version_each():
    component = ComponentFactory()
    fee = FeeFactory()
    assert component.component_set.version.procedure.code
    assert fee.method.version.procedure.code
