"""The Daily Papers text reader on the five real seed pages, the gold metadata and small fixtures."""

from __future__ import annotations

import io
import json
import re
import textwrap
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ids import title_key
from kg.model import Failed, Record
from kg.sources import detect_format, open_text, read_path
from kg.sources.hf_daily_text import CHROME, NAME, read, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "hf_daily_text"
SHARED = HERE.parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "dev.jsonl"
OTHER_FORMATS = SHARED / "corpora" / "formats"

SEED_ENTRIES = {
    "000_e94423dce64ef92e.txt": 208,
    "001_00c9c1bd2c83f744.txt": 118,
    "002_7ad6989f95985d28.txt": 192,
    "003_b7744681d11aadf9.txt": 71,
    "004_09f8b7fcb913e140.txt": 61,
}
DATE_SHAPE = re.compile(r"[A-Z][a-z]{2} \d{1,2}(, \d{4})?( \d+)?")


def _records(path: Path) -> list[Record]:
    outcomes = list(read_path(path))
    assert not [o for o in outcomes if isinstance(o, Failed)]
    return outcomes


@pytest.fixture(scope="module")
def seed_records() -> dict[str, list[Record]]:
    return {name: _records(SEEDS / name) for name in SEED_ENTRIES}


def _parse(text: str) -> list[Record | Failed]:
    return list(read(io.StringIO(textwrap.dedent(text)), "inline.txt"))


# --- the real seed pages -------------------------------------------------------------


def test_every_seed_is_detected_as_daily_papers_text():
    assert {detect_format(SEEDS / name) for name in SEED_ENTRIES} == {NAME}


def test_entry_counts_per_seed_file(seed_records):
    assert {name: len(records) for name, records in seed_records.items()} == SEED_ENTRIES


def test_576_distinct_papers_across_the_seeds(seed_records):
    keys = {title_key(r.title) for records in seed_records.values() for r in records}
    assert len(keys) == 576


def test_no_chrome_or_date_is_taken_for_a_title(seed_records):
    for records in seed_records.values():
        for r in records:
            assert r.title not in CHROME
            assert not DATE_SHAPE.fullmatch(r.title)
            assert not r.title.startswith("Subscribe")
            assert len(r.abstract) > len(r.title), (r.source, r.line)


def test_layout_b_first_title_is_unglued_from_subscribe(seed_records):
    first = seed_records["000_e94423dce64ef92e.txt"][0]
    assert first.title == "Federated Instruction Tuning of LLMs with Domain Coverage Augmentation"
    assert first.line == 3
    assert first.abstract.startswith("Federated Domain-specific Instruction Tuning (FedDIT)")
    assert first.listing is None and first.meta_lines == ()
    assert seed_records["002_7ad6989f95985d28.txt"][0].title == "Rethinking Positional Encoding"


def test_layout_b_last_entry(seed_records):
    last = seed_records["000_e94423dce64ef92e.txt"][-1]
    assert last.title.startswith("Towards Being Parameter-Efficient: A Stratified Sparsely")
    assert last.line == 417
    assert last.abstract.endswith("with the same or fewer parameters.")


def test_layout_a_entry_with_authors_and_full_date(seed_records):
    sailer = seed_records["003_b7744681d11aadf9.txt"][1]
    assert sailer == Record(
        source=str(SEEDS / "003_b7744681d11aadf9.txt"),
        line=17,
        format=NAME,
        title="SAILER: Structure-aware Pre-trained Language Model for Legal Case Retrieval",
        abstract=sailer.abstract,
        authors_count=8,
        date="Apr 22, 2023",
        published="2023-04-22",
        listing="Oct 31",
        meta_lines=("• 8 authors", "·", "Apr 22, 2023"),
    )
    assert sailer.abstract.startswith("Legal case retrieval, which aims")


def test_layout_a_entry_with_organisation_and_upvotes(seed_records):
    arc = next(r for r in seed_records["003_b7744681d11aadf9.txt"] if r.title.startswith("ARC-Encoder"))
    assert (arc.line, arc.org, arc.authors_count, arc.date, arc.upvotes, arc.published) == (
        57, "Kyutai", None, "Oct 23", 1, None)
    assert arc.meta_lines == ("kyutai Kyutai", "·", "Oct 23 1")
    furiosa = next(r for r in seed_records["003_b7744681d11aadf9.txt"] if r.org == "FuriosaAI")
    assert (furiosa.date, furiosa.upvotes) == ("Oct 6", 2)


def test_layout_a_year_and_upvotes_together(seed_records):
    entry = next(r for r in seed_records["003_b7744681d11aadf9.txt"] if r.line == 229)
    assert (entry.authors_count, entry.date, entry.upvotes, entry.published) == (4, "Aug 28, 2024", 4, "2024-08-28")


def test_layout_a_entries_without_meta_lines(seed_records):
    first = seed_records["003_b7744681d11aadf9.txt"][0]
    assert first.title.startswith("ARMOR v0.1:") and first.line == 13
    assert (first.authors_count, first.org, first.date, first.upvotes, first.meta_lines) == (None, None, None, None, ())
    serpent = seed_records["001_00c9c1bd2c83f744.txt"][0]
    assert serpent.title.startswith("Serpent:") and serpent.listing == "Mar 11" and serpent.line == 11


def test_every_meta_line_of_the_seeds_is_read(seed_records):
    """Totals counted independently with grep over the one seed page that has meta lines."""
    records = seed_records["003_b7744681d11aadf9.txt"]
    assert sum(r.date is not None for r in records) == 63
    assert sum(r.published is not None for r in records) == 43
    assert sum(r.authors_count is not None for r in records) == 61
    assert sum(r.authors_count or 0 for r in records) == 329
    assert sum(r.upvotes is not None for r in records) == 17
    assert sum(r.upvotes or 0 for r in records) == 41
    assert sorted(r.org for r in records if r.org) == ["FuriosaAI", "Kyutai"]
    others = [r for name, rs in seed_records.items() if name != "003_b7744681d11aadf9.txt" for r in rs]
    assert all(r.meta_lines == () for r in others)


def test_gold_metadata_is_reproduced(seed_records):
    by_key: dict[str, list[Record]] = {}
    for records in seed_records.values():
        for r in records:
            by_key.setdefault(title_key(r.title), []).append(r)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(gold) == 60
    fields = ("authors_count", "org", "date", "upvotes")
    for row in gold:
        occurrences = by_key[title_key(row["title"])]
        found = {f: next((getattr(r, f) for r in occurrences if getattr(r, f) is not None), None) for f in fields}
        assert found == {f: row[f] for f in fields}, row["title"]


# --- fixtures written for these tests -------------------------------------------------


def test_layout_a_fixture():
    records = _records(DATA / "layout_a.txt")
    assert [(r.line, r.authors_count, r.org, r.date, r.upvotes, r.published, r.listing) for r in records] == [
        (13, 4, None, "Feb 10, 2024", None, "2024-02-10", "Feb 12"),
        (21, None, "Meta Llama", "Feb 11", 7, None, "Feb 12"),
        (29, None, None, None, None, None, "Feb 12"),
        (35, 1, None, "Jan 30", 12, None, "Feb 11"),
    ]
    assert records[1].meta_lines == ("meta-llama Meta Llama", "·", "Feb 11 7")
    assert all(r.format == NAME for r in records)


def test_layout_b_fixture():
    records = _records(DATA / "layout_b.txt")
    assert [(r.line, r.title) for r in records] == [
        (3, "Deep Tiles: Texture Synthesis by Patch Retrieval"),
        (5, "tinyRoute: Learned Routing for Sensor Networks"),
    ]
    assert records[1].abstract.startswith("Sensor networks waste energy")


def test_broken_entries_fail_and_good_ones_survive():
    outcomes = list(read_path(DATA / "broken.txt"))
    failures = [o for o in outcomes if isinstance(o, Failed)]
    assert [f.line for f in failures] == [11, 17, 25]
    assert {f.source for f in failures} == {str(DATA / "broken.txt")}
    assert "no abstract" in failures[0].reason
    assert "no such day" in failures[1].reason
    assert "outside an entry" in failures[2].reason
    good = [o for o in outcomes if isinstance(o, Record)]
    assert [(r.title, r.authors_count, r.date, r.listing) for r in good] == [
        ("Good Entries Survive Bad Neighbours", 5, "Mar 2", "Mar 3")]


def test_missing_abstract_between_plain_entries_is_reported():
    outcomes = _parse("""\
        Get trending papers in your email inbox!
        SubscribeFirst Title Without Its Abstract
        Second Title With One
        This abstract belongs to the second title only; the first title lost its abstract when the page was saved, and the reader must say so instead of pairing the wrong lines.
        """)
    assert isinstance(outcomes[0], Failed) and outcomes[0].line == 2
    assert isinstance(outcomes[1], Record) and outcomes[1].title == "Second Title With One"


@pytest.mark.parametrize("meta, reason", [
    (["• 2 authors", "·"], "no date"),
    (["• 2 authors", "• 3 authors", "·", "May 1"], "second authors count"),
    (["• 2 authors", "·", "Foo 1"], "not a date"),
])
def test_meta_lines_that_contradict_or_dangle_fail(meta, reason):
    text = "\n".join(["Daily Papers", "A Title", "An abstract of one sentence.", *meta, ""])
    [outcome] = list(read(io.StringIO(text), "inline.txt"))
    assert isinstance(outcome, Failed) and reason in outcome.reason and outcome.line == 2


def test_a_title_starting_with_subscribe_keeps_it_when_chrome_has_subscribe():
    [record] = _parse("""\
        Subscribe

        Subscribers and Churn: Predicting Who Leaves

        Churn prediction for subscription services is studied on two public datasets with gradient boosting.
        """)
    assert record.title == "Subscribers and Churn: Predicting Who Leaves"


_PIECES = st.sampled_from([
    "", "new", "Subscribe", "SubscribeA Title", "Daily Papers", "Mar 11", "·", "  • 3 authors", "• x authors",
    "Feb 30, 2023", "Jan 27 2", "kyutai Kyutai", "A Short Title", "An abstract sentence that ends here.",
    "x" * 500, "Dec 31, 1999 12",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_any_jumble_of_page_lines_yields_records_or_failures_never_an_exception(pieces):
    outcomes = list(read(io.StringIO("\n".join(pieces)), "jumble.txt"))
    assert all(isinstance(o, (Record, Failed)) for o in outcomes)
    for o in outcomes:
        if isinstance(o, Record):
            assert o.title not in CHROME and 1 <= o.line <= len(pieces)


# --- sniffing -------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["layout_a.txt", "layout_b.txt", "broken.txt"])
def test_sniff_accepts_both_layouts(fixture):
    path = DATA / fixture
    assert sniff(path.read_text(encoding="utf-8"), path.name)


def test_sniff_accepts_the_meta_rhythm_without_chrome():
    body = "\n".join([
        "Title One", "Abstract one.", "• 3 authors", "·", "Mar 2, 2024",
        "Title Two", "Abstract two.", "acme Acme Labs", "·", "Mar 3 4",
    ])
    assert sniff(body, "pasted.txt")


@pytest.mark.parametrize("head", [
    '{"title": "Get trending papers in your email inbox!", "abstract": "x"}',
    '[{"title": "Daily Papers"}]',
    '<?xml version="1.0"?>\n<feed><title>Get trending papers in your email inbox!</title></feed>',
    '@article{k,\n  title = {Subscribe},\n  note = {byAK and the research community}\n}',
    "TY  - JOUR\nTI  - Some Title\nAB  - byAK and the research community\nER  - \n",
    'title,abstract,date\n"A Title","An abstract.","Mar 2"\n',
    "Title One\nAbstract one is here.\nTitle Two\nAbstract two is here.\n",
])
def test_sniff_rejects_other_formats(head):
    assert not sniff(head, "input")


def test_sniff_rejects_every_real_sample_of_the_other_formats():
    samples = sorted(p for p in OTHER_FORMATS.rglob("*") if p.is_file() and p.suffix != ".md")
    assert len(samples) >= 10
    for path in samples:
        with open_text(path) as stream:
            assert not sniff(stream.read(64 * 1024), path.name), path



# --- the bundled example listing -------------------------------------------------------

EXAMPLE_METADATA = [
    ("Adam: A Method for Stochastic Optimization", 2, None, "Dec 22, 2014"),
    ("Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift", 2, None,
     "Feb 11, 2015"),
    ("Deep Residual Learning for Image Recognition", 4, None, "Dec 10, 2015"),
    ("Attention Is All You Need", 8, None, "Jun 12, 2017"),
    ("Proximal Policy Optimization Algorithms", 5, None, "Jul 20, 2017"),
    ("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", None, "Google",
     "Oct 11, 2018"),
    ("NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis", 6, None, "Mar 19, 2020"),
    ("Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks", 12, None, "May 22, 2020"),
    ("Language Models are Few-Shot Learners", None, "OpenAI", "May 28, 2020"),
    ("Denoising Diffusion Probabilistic Models", 3, None, "Jun 19, 2020"),
    ("An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale", 12, None, "Oct 22, 2020"),
    ("Learning Transferable Visual Models From Natural Language Supervision", 12, None, "Feb 26, 2021"),
    ("LoRA: Low-Rank Adaptation of Large Language Models", None, "Microsoft", "Jun 17, 2021"),
    ("High-Resolution Image Synthesis with Latent Diffusion Models", 5, None, "Dec 20, 2021"),
    ("Chain-of-Thought Prompting Elicits Reasoning in Large Language Models", 9, None, "Jan 28, 2022"),
    ("Training language models to follow instructions with human feedback", None, "OpenAI", "Mar 4, 2022"),
    ("Training Compute-Optimal Large Language Models", None, None, None),
    ("FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness", 5, None, "May 27, 2022"),
    ("LLaMA: Open and Efficient Foundation Language Models", 14, None, "Feb 27, 2023"),
    ("Segment Anything", None, "AI at Meta", "Apr 5, 2023"),
    ("3D Gaussian Splatting for Real-Time Radiance Field Rendering", 4, None, "Aug 8, 2023"),
    ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", 2, None, "Dec 1, 2023"),
]


@pytest.fixture(scope="module")
def example_records() -> list[Record]:
    with resources.as_file(resources.files("kg") / "data" / "example" / "daily_papers.txt") as path:
        assert detect_format(path) == NAME
        return _records(path)


def test_example_listing_metadata(example_records):
    assert [(r.title, r.authors_count, r.org, r.date) for r in example_records] == EXAMPLE_METADATA
    assert all(r.upvotes is None and r.listing == "Dec 2" for r in example_records)
    assert example_records[3].published == "2017-06-12"


def test_example_abstracts_are_three_to_five_sentences(example_records):
    for r in example_records:
        sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z])", r.abstract)
        assert 3 <= len(sentences) <= 5, r.title


def test_example_papers_name_methods_other_example_papers_propose(example_records):
    proposed_by = {"Transformer": "Attention Is All You Need", "BERT": "BERT:", "GPT-3": "Language Models are",
                   "ResNet": "Deep Residual", "ViT": "An Image is Worth", "DDPM": "Denoising Diffusion",
                   "NeRF": "NeRF:", "PPO": "Proximal Policy", "Chinchilla": "Training Compute-Optimal"}
    for name, proposer in proposed_by.items():
        citing = [r for r in example_records if name in r.abstract and not r.title.startswith(proposer)]
        assert citing, name


def test_example_links_code_repositories(example_records):
    repos = {m for r in example_records for m in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", r.abstract)}
    assert len(repos) >= 10
