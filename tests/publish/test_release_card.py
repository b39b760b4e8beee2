"""The release explains itself: data card, licences, citation, Croissant and Web Annotations, all from the data."""

from __future__ import annotations

import copy
import fnmatch
import hashlib
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from releasing import ROOT

from toolkit.engine.package import load
from toolkit.publish import annotations, card
from toolkit.publish.datacard import FILES, citation
from toolkit.publish.release import PUBLISHERS, Origin, release_files
from toolkit.rules.agreement import verdicts
from toolkit.rules.checks import typed

CFF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))


def _cff(text: str) -> dict[str, object]:
    content = yaml.safe_load(text)
    jsonschema.Draft7Validator(CFF_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(content)
    return content


def test_the_repository_citation_is_generated_from_the_descriptor_and_valid() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert text == citation(descriptor), "regenerate CITATION.cff from datapackage.json (toolkit.publish.datacard.citation)"
    assert _cff(text)["title"] == descriptor["title"]


def test_the_release_citation_names_its_version_and_date(released: Path) -> None:
    content = _cff((released / "CITATION.cff").read_text(encoding="utf-8"))
    assert (content["version"], content["date-released"], content["license"]) == ("9.9.9", "2026-01-26", "CC-BY-4.0")


def test_the_data_card_is_generated_from_the_data(released: Path) -> None:
    card_text = (released / "README.md").read_text(encoding="utf-8")
    package = load(ROOT / "datapackage.json")
    data = typed(package)
    blocks = card.fragments(data, {name: f"csv/{name}.csv" for name in data.rows})
    assert blocks["counts"] in card_text and blocks["agreement"] in card_text
    assert "| `csv/claims.csv` |" in card_text and "dataset/claims.csv" not in card_text  # the release's files
    for verdict in verdicts(data).values():
        assert f"`{verdict.fact_id}`" in blocks["agreement"]
    assert f"Wikidata IDs are given only where the match is certain: {sum(bool(e.wikidata) for _, e in data.rows['entities'])} of" in card_text
    assert "## How to cite" in card_text and "## Licences" in card_text and "## Known limits" in card_text


def test_every_file_of_the_release_is_documented_and_every_documented_kind_exists(released: Path) -> None:
    files = [p.relative_to(released).as_posix() for p in released.rglob("*") if p.is_file()]
    patterns = [re.sub(r"<[^>]+>", "*", path) for path, _, _ in FILES]
    assert [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)] == []
    assert [p for p in patterns if not p.startswith(("dataset/", "site/")) and not any(fnmatch.fnmatch(f, p) for f in files)] == []


def test_sources_are_marked_as_the_publishers(mini: Path) -> None:
    package = load(Path("datapackage.json"))
    files = release_files(package, typed(package), "1.0.0", Origin(None, True, 1769385600), with_sources=True)
    descriptor = json.loads(files["datapackage.json"])
    licences = {r["path"]: r["licenses"] for r in descriptor["resources"]}
    assert licences["dataset/sources/acme-letter.txt"] == [PUBLISHERS]
    assert all(value == descriptor["licenses"] for path, value in licences.items() if not path.startswith("dataset/"))
    assert b"belong to their publishers" in files["LICENSE"]
    without = release_files(package, typed(package), "1.0.0", Origin(None, True, 1769385600), with_sources=False)
    assert b"publishers" not in without["LICENSE"]


def test_croissant_loads_in_mlcroissant_with_every_table(released: Path) -> None:
    mlcroissant = pytest.importorskip("mlcroissant")
    dataset = mlcroissant.Dataset(jsonld=released / "croissant.json")
    for name in ("claims", "mentions", "entities"):
        rows = json.loads((released / "json" / f"{name}.json").read_text(encoding="utf-8"))
        assert sum(1 for _ in dataset.records(name)) == len(rows)
    document = json.loads((released / "croissant.json").read_text(encoding="utf-8"))
    sums = {o["contentUrl"]: o["sha256"] for o in document["distribution"]}
    assert sums["csv/claims.csv"] == hashlib.sha256((released / "csv/claims.csv").read_bytes()).hexdigest()


def _texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "dataset" / "sources").glob("*.txt")}


def test_one_annotation_per_mention_and_claim_anchored_by_position_and_quote(released: Path) -> None:
    document = json.loads((released / "json" / "annotations.jsonld").read_text(encoding="utf-8"))
    items = document["first"]["items"]
    counts = {n: len(json.loads((released / "json" / f"{n}.json").read_text(encoding="utf-8"))) for n in ("mentions", "claims")}
    assert document["total"] == len(items) == counts["mentions"] + counts["claims"]
    texts = _texts()
    hashes = {f"urn:sha256:{hashlib.sha256(t.encode()).hexdigest()}": t for t in texts.values()}
    for item in items:
        position, quote = item["target"]["selector"]
        text = hashes[item["target"]["source"]]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert quote["prefix"] == text[max(0, position["start"] - 32) : position["start"]]
        assert quote["suffix"] == text[position["end"] : position["end"] + 32]
    assert list(annotations.reanchor(document, texts)) == []
    def bodies(exact: str) -> list[dict[str, str]]:
        return [i["body"][0] for i in items if i["motivation"] == "identifying" and i["target"]["selector"][1]["exact"] == exact]

    mentions = json.loads((released / "json" / "mentions.json").read_text(encoding="utf-8"))
    assert bodies("Elon Musk") == sum(m["text"] == "Elon Musk" for m in mentions) * [{"type": "SpecificResource", "source": "http://www.wikidata.org/entity/Q317521", "purpose": "identifying"}]
    assert bodies("Alex Pretti")[0] == {"type": "TextualBody", "value": "Alex Pretti", "format": "text/plain", "purpose": "identifying"}


def test_reanchoring_catches_an_offset_that_no_longer_fits_the_quote(released: Path) -> None:
    document = json.loads((released / "json" / "annotations.jsonld").read_text(encoding="utf-8"))
    broken = copy.deepcopy(document)
    broken["first"]["items"] = broken["first"]["items"][:1]
    broken["first"]["items"][0]["target"]["selector"][0]["start"] += 1
    assert [line.split(": ", 1)[1] for line in annotations.reanchor(broken, _texts())] == [
        (f"the quote is found at [{document['first']['items'][0]['target']['selector'][0]['start']}], "
        f"not at {broken['first']['items'][0]['target']['selector'][0]['start']}")]
