"""Description → HS suggestions with evidence, and declared codes that contradict them."""

from __future__ import annotations

import pytest

from redline.goods.check import check_goods
from redline.goods.describe import mismatch, rules, suggest
from redline.goods.hs import normalize


@pytest.mark.parametrize(("description", "hs", "evidence"), [
    ("NVIDIA H100 80GB PCIe", "854231", "H100"),
    ("8x Tesla A100 SXM4 modules", "847330", "Tesla A100"),
    ("A800 80GB PCIe card", "854231", "A800 80GB"),
    ("AMD Instinct MI250X accelerator", "854231", "Instinct MI250X"),
    ("ball bearings 6205-2RS", "848210", "6205-2RS"),
    ("SKF deep groove bearing 6305 ZZ", "848210", "6305 ZZ"),
    ("Xilinx FPGA", "854239", "Xilinx"),
    ("XC7A35T-1CPG236C", "854239", "XC7A35T"),
    ("STM32F407VGT6 microcontroller", "854231", "STM32F407VGT6"),
    ("u-blox NEO-M8N GNSS module", "852691", "u-blox"),
    ("Digital oscilloscope 200 MHz", "903020", "oscilloscope"),
    ("Tapered roller bearings 30205", "848220", "Tapered roller bearings"),
])
def test_suggestions_carry_their_evidence(description: str, hs: str, evidence: str) -> None:
    found = suggest(description)
    assert any(s.hs == hs and evidence.lower() in s.evidence.lower() and s.note for s in found), found


@pytest.mark.parametrize("description", ["", None, "cotton T-shirts", "olive oil, 12 bottles", "bearing grease 1 kg",
                                         "A100 road atlas", "H20 paper, 500 sheets", "L40 steel angle"])
def test_no_strong_suggestions_for_unrelated_goods(description: str | None) -> None:
    assert [s for s in suggest(description) if s.strength == "strong"] == []


def test_strong_rules_come_first() -> None:
    found = suggest("server with NVIDIA H100 GPUs")
    assert found[0].strength == "strong" and found[-1].strength == "weak"


def test_every_rule_points_to_real_codes() -> None:
    for rule in rules():
        assert rule.codes and all(normalize(c).digits == c for c in rule.codes)
        assert rule.note and rule.strength in ("strong", "weak")


def test_declared_furniture_with_a_gpu_description_is_a_mismatch() -> None:
    why = mismatch(normalize("9403.60"), suggest("NVIDIA H100 80GB PCIe"))
    assert why and "9403.60" in why and "854231" in why and "H100" in why


@pytest.mark.parametrize(("declared", "description"), [
    ("8473.30", "NVIDIA H100 80GB PCIe"), ("8542.31", "NVIDIA H100 80GB PCIe"), ("8471.50", "NVIDIA HGX H100 server"),
    ("8482.10", "ball bearings 6205-2RS"), ("9403.60", "oak office desk"), ("8471.50", "rack server"),
])
def test_consistent_declarations_are_not_flagged(declared: str, description: str) -> None:
    assert mismatch(normalize(declared), suggest(description)) is None


def test_mismatch_adds_the_controls_the_description_points_to() -> None:
    goods = check_goods("9403.60", "NVIDIA H100 80GB PCIe")
    assert [f.code for f in goods.flags] == ["declared_code_mismatch"]
    assert goods.facts.controlled
    assert any(c.table == "chpl" and c.code == "854231" and c.via.startswith("description") for c in goods.controls)


def test_mismatch_denies_a_claimed_medical_exemption() -> None:
    goods = check_goods("9018.90", "Xilinx Virtex FPGA boards")
    assert goods.exemption is None and goods.facts.controlled and not goods.facts.exempt


def test_line_without_code_is_classified_from_its_description() -> None:
    goods = check_goods("", "Xilinx FPGA development boards")
    assert goods.code is None and goods.facts.controlled
    assert any(c.code == "854239" for c in goods.controls)
    assert check_goods(None, "insulin pens").exemption
    unknown = check_goods(None, "assorted items")
    assert [f.code for f in unknown.flags] == ["goods_unidentified"]


def test_invalid_declared_code_is_reported_and_description_still_used() -> None:
    goods = check_goods("77.01", "ball bearings 6205-2RS")
    assert goods.errors and "chapter 77" in goods.errors[0]
    assert [f.code for f in goods.flags] == ["invalid_hs_code"]
    assert goods.facts.controlled
