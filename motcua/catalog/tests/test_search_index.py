"""The search index of the catalogue: the words of each version's name, written with it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from motcua.catalog.models import Procedure, ProcedureVersion, ProcedureVersionWord
from motcua.catalog.selectors import search_procedures
from motcua.catalog.services.importer import Outcome, import_procedure
from motcua.catalog.services.records import parse_record
from motcua.catalog.services.search_index import index_unindexed_versions, index_version_words
from motcua.catalog.tests.factories import ProcedureFactory
from motcua.catalog.tests.portal_records import portal_record
from motcua.catalog.words import MAX_WORD_LENGTH, words_of

pytestmark = pytest.mark.django_db


def words(version):
    return sorted(version.words.values_list("word", flat=True))


def found(query):
    return [procedure.code for procedure in search_procedures(query=query)]


def test_words_of_a_folded_name_are_split_at_punctuation_deduplicated_and_cut():
    assert words_of("cap giay phep (cap lai), giay-phep_lan 2") == [
        "cap",
        "giay",
        "phep",
        "lai",
        "lan",
        "2",
    ]
    assert words_of("x" * (MAX_WORD_LENGTH + 5)) == ["x" * MAX_WORD_LENGTH]
    assert words_of(" ... ") == []


def test_an_imported_record_has_the_words_of_its_folded_name_indexed():
    _outcome, version = import_procedure(
        parse_record(portal_record(name="Đăng ký kết hôn (có yếu tố nước ngoài)"))
    )

    assert words(version) == sorted(
        ["dang", "ky", "ket", "hon", "co", "yeu", "to", "nuoc", "ngoai"]
    )
    assert found("đăng ký kết hôn") == found("dang ky ket hon") == ["9.000001"]


def test_a_new_version_gets_its_own_words_and_the_old_one_keeps_its_words():
    _outcome, first = import_procedure(parse_record(portal_record(name="Tên cũ của thủ tục")))

    outcome, second = import_procedure(parse_record(portal_record(name="Tên mới hơn")))

    assert outcome is Outcome.UPDATED
    assert words(first) == ["cu", "cua", "ten", "thu", "tuc"]
    assert words(second) == ["hon", "moi", "ten"]
    assert found("ten moi") == ["9.000001"]
    assert found("thu tuc") == []


def test_an_unchanged_record_writes_no_words():
    import_procedure(parse_record(portal_record()))
    before = ProcedureVersionWord.objects.count()

    outcome, _version = import_procedure(parse_record(portal_record()))

    assert outcome is Outcome.UNCHANGED
    assert ProcedureVersionWord.objects.count() == before


def test_indexing_twice_writes_each_word_once():
    version = ProcedureFactory(version__name="Cấp giấy phép, giấy phép lần hai").current_version

    index_version_words([version, version])

    assert words(version) == ["cap", "giay", "hai", "lan", "phep"]


def test_versions_written_without_words_are_found_once_indexed():
    procedure = ProcedureFactory(code="1.000001", version=False)
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        source_hash="0" * 64,
        name="Thủ tục nạp tay",
        name_folded="thu tuc nap tay",
    )
    Procedure.objects.filter(pk=procedure.pk).update(current_version=version)
    assert found("nap tay") == []

    assert index_unindexed_versions() == 1
    assert index_unindexed_versions() == 0

    assert found("nap tay") == ["1.000001"]


def test_the_migration_indexes_the_versions_imported_before_it():
    version = ProcedureFactory(version__name="Cấp giấy phép lao động").current_version
    version.words.all().delete()
    migration = importlib.import_module(
        "motcua.catalog.migrations.0005_fill_words_and_name_order_index"
    )

    migration.fill_words(apps, None)

    assert words(version) == ["cap", "dong", "giay", "lao", "phep"]
