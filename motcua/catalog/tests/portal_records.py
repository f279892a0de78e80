"""Raw portal records built for tests: realistic, but unlike any shipped one unless asked."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "procedures"


def shipped(code: str) -> dict[str, Any]:
    """A shipped record, as a fresh dict the test may change."""
    data: dict[str, Any] = json.loads((SHIPPED / f"{code}.json").read_text(encoding="utf-8"))
    return data


def portal_record(code: str = "9.000001", **overrides: Any) -> dict[str, Any]:
    """A record in the portal's shape with one method, one case and one component."""
    record: dict[str, Any] = {
        "id": f"id-{code}",
        "code": code,
        "codeNotation": code,
        "name": "Cấp giấy phép thử nghiệm dịch vụ mẫu",
        "state": "ACTIVE",
        "type": "SPECIFIC",
        "isProvince": True,
        "isWard": False,
        "isMinistry": False,
        "isOtherAgency": False,
        "isFullProcess": True,
        "isInternal": False,
        "categoriesDetails": [{"id": "cat-1", "name": "Thử nghiệm", "code": "H99-TN01"}],
        "executionMethods": [
            {
                "submissionMethod": "DIRECT",
                "processingTime": 5,
                "processingTimeUnit": "WORKING_DAY",
                "description": "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
                "fees": [{"type": "SERVICE_FEE", "value": 50000, "description": "Lệ phí cấp phép"}],
            }
        ],
        "cases": [
            {
                "id": "case-1",
                "name": "Cấp mới",
                "code": f"{code}.01",
                "processingDay": {"qty": 5, "type": "WORKING_DAY"},
                "profileComponents": [],
            }
        ],
        "executionCases": [
            {
                "name": "",
                "profileComponents": [
                    {
                        "profileComponentId": "comp-1",
                        "name": "Đơn đề nghị cấp giấy phép",
                        "code": "KQ.H99.000001",
                        "originalQty": 1,
                        "copyQty": 0,
                        "required": True,
                        "hasElectronicForm": False,
                        "isProcessingResult": False,
                        "attachments": [
                            {
                                "id": "att-1",
                                "fileName": "mau-don.docx",
                                "bucketName": "dvc",
                                "filePath": "configuring/att-1/mau-don.docx",
                            }
                        ],
                    }
                ],
            }
        ],
        "legalBasisesDetails": [{"id": "lb-1", "name": "Nghị định 118/2025/NĐ-CP", "code": "118"}],
        "resultsDetails": [{"id": "kq-1", "name": "Giấy phép", "code": "KQ.H99.000001"}],
        "subjectTypesDetails": [{"id": "dt-1", "name": "Công dân Việt Nam", "code": "ĐT1"}],
        "departmentsExecuting": [{"id": "d-1", "name": "Sở Thử nghiệm", "code": "000.00.99.H99"}],
        "departmentPromulgateCode": "H99",
        "departmentPromulgateName": "UBND tỉnh Thử nghiệm",
        "procedureProposal": {
            "proposalNumber": "12/QĐ-UBND",
            "decisionDate": 1751302800000,
            "publicationDate": 1751389200000,
        },
        "updatedAt": 1751389200000,
    }
    result = copy.deepcopy(record)
    result.update(overrides)
    return result


def write(folder: Path, name: str, data: object) -> Path:
    """Write `data` as a JSON file in `folder` and return its path."""
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
