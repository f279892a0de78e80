import pytest

from motcua.core.errors import DomainError
from motcua.dossiers.models import Applicant, ApplicantKind
from motcua.dossiers.services import ApplicantData, clean_applicant, remember_applicant
from motcua.dossiers.services.applicants import recall_applicant


@pytest.mark.parametrize(
    ("raw", "expected", "kind"),
    [
        ("038090001234", "038090001234", ApplicantKind.PERSON),
        (" 0380 9000 1234 ", "038090001234", ApplicantKind.PERSON),
        ("0101234567", "0101234567", ApplicantKind.ORGANISATION),
        ("0101234567-001", "0101234567-001", ApplicantKind.ORGANISATION),
        ("0101234567001", "0101234567-001", ApplicantKind.ORGANISATION),
    ],
)
def test_id_numbers_and_tax_codes_are_normalised(raw, expected, kind):
    cleaned = clean_applicant(ApplicantData(name="Nguyễn Văn An", id_no=raw))
    assert (cleaned.id_no, cleaned.kind) == (expected, kind)


@pytest.mark.parametrize(
    "raw",
    ["", "12345", "03809000123", "03809000123456", "abc090001234", "999090001234", "0101234567-01"],
)
def test_a_wrong_id_number_is_refused_with_a_clear_message(raw):
    with pytest.raises(DomainError, match="không hợp lệ"):
        clean_applicant(ApplicantData(name="Nguyễn Văn An", id_no=raw))


def test_a_person_id_declared_as_an_organisation_is_refused():
    with pytest.raises(DomainError, match="mã số thuế"):
        clean_applicant(
            ApplicantData(name="Công ty A", id_no="038090001234", kind=ApplicantKind.ORGANISATION)
        )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert (
        clean_applicant(ApplicantData(name="An", id_no="038090001234", phone=raw)).phone == expected
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Số điện thoại"),
        ("email", "an@", "email"),
        ("name", "   ", "họ tên"),
        ("name", "12345", "Họ tên"),
    ],
)
def test_bad_contact_data_names_the_field(field, value, message):
    data = {"name": "Nguyễn Văn An", "id_no": "038090001234", field: value}
    with pytest.raises(DomainError, match=message):
        clean_applicant(ApplicantData(**data))


@pytest.mark.django_db(transaction=True)
def test_an_applicant_seen_before_is_recalled_and_blank_contacts_keep_known_values():
    first = clean_applicant(
        ApplicantData(name="Nguyễn Văn An", id_no="038090001234", phone="0912345678")
    )
    remembered = remember_applicant(first)
    again = remember_applicant(
        clean_applicant(ApplicantData(name="Nguyễn Văn Ân", id_no="038090001234"))
    )
    assert again.pk == remembered.pk
    assert Applicant.objects.count() == 1
    recalled = recall_applicant("0380 9000 1234")
    assert recalled is not None
    assert (recalled.name, recalled.phone, recalled.name_folded) == (
        "Nguyễn Văn Ân",
        "0912345678",
        "nguyen van an",
    )
    assert recall_applicant("not a number") is None
